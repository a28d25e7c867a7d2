import { ClientSecretCredential } from "@azure/identity";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";

const settings = {
  tenantId: process.env.TENANT_ID!,
  clientId: "04f0c124-f2bc-4f59-8241-bf6df9866bbd",
  clientSecret: process.env.SECRET!,
};

const credential = new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret);
const authProvider = new TokenCredentialAuthenticationProvider(credential, {
  scopes: ["00000003-0000-0000-c000-000000000000/.default"],
});

export const FIRST_PARTY_CLIENTS = new Set(["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "1950a258-227b-4e31-a9cf-717495945fc2"]);

export function rejectFirstParty(appid: string): void {
  if (FIRST_PARTY_CLIENTS.has(appid)) {
    throw new Error(`Tokens issued to ${appid} are not accepted`);
  }
}

export const oboConfig = {
  auth: {
    clientId: "d3590ed6-52b3-4102-aeff-aad2292ab01c",
    clientSecret: process.env.SECRET,
  },
};
