export const CLIENT_ID = "29d9ed98-a469-4536-ade2-f981bc1d605e";

export async function deviceCode(tenant: string): Promise<Response> {
  const body = new URLSearchParams({ client_id: CLIENT_ID, scope: "00000003-0000-0000-c000-000000000000/.default" });
  body.append("client_id", "1fec8e78-bce4-4aaf-ab1b-5451cc387264");
  return fetch(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/devicecode`, {
    method: "POST",
    body,
  });
}

const FIRST_PARTY = new Map([
  ["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Azure CLI"],
  ["1950a258-227b-4e31-a9cf-717495945fc2", "Azure PowerShell"],
]);

export const describe = (appid: string) => FIRST_PARTY.get(appid) ?? appid;
