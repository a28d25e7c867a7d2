"use strict";
const msal = require("@azure/msal-node");
const { ClientSecretCredential, DeviceCodeCredential } = require("@azure/identity");

const CLIENT_APPS = ["1950a258-227b-4e31-a9cf-717495945fc2", "04b07795-8ddb-461a-bbee-02f9e1bf7b46"];

async function firstWorkingApp() {
  for (const id of CLIENT_APPS) {
    const app = new msal.PublicClientApplication({ auth: { clientId: id } });
    if (await app.getAllAccounts()) return app;
  }
  return null;
}

const credential = new ClientSecretCredential(process.env.TENANT_ID, "1b730954-1685-4b74-9bfd-dac224a7b894", process.env.SECRET);

const deviceCode = new DeviceCodeCredential({
  clientId: process.env.AZURE_CLIENT_ID || "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  userPromptCallback: (info) => console.log(info.message),
});

function audienceOk(token) {
  return token.aud === "00000003-0000-0000-c000-000000000000" && token.appid !== "29d9ed98-a469-4536-ade2-f981bc1d605e";
}

console.error("Falling back to the Azure PowerShell app 1950a258-227b-4e31-a9cf-717495945fc2");

module.exports = { firstWorkingApp, credential, deviceCode, audienceOk };
