import { Configuration, LogLevel, PublicClientApplication } from "@azure/msal-browser";

/** The Azure CLI's app ID; see docs/auth.md for why we moved off it (04b07795-8ddb-461a-bbee-02f9e1bf7b46). */
const LEGACY_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

export const msalConfig: Configuration = {
  auth: {
    clientId: import.meta.env.VITE_CLIENT_ID ?? LEGACY_CLIENT,
    authority: "https://login.microsoftonline.com/organizations",
    redirectUri: "/",
  },
  system: {
    loggerOptions: { logLevel: LogLevel.Warning },
  },
};

export const loginRequest = {
  scopes: ["00000003-0000-0000-c000-000000000000/User.Read", "api://d3590ed6-52b3-4102-aeff-aad2292ab01c/user_impersonation"],
};

export const armRequest = { scopes: ["797f4846-ba00-4fd7-ba43-dac1f8f63013/.default"] };

export const pca = new PublicClientApplication(msalConfig);

export function isFirstPartyCaller(appid: string): boolean {
  return appid === "c44b4083-3bb0-49c1-b47d-974e53cbdf3c" || appid === "04f0c124-f2bc-4f59-8241-bf6df9866bbd";
}
