import { MsalProvider } from "@azure/msal-react";
import { PublicClientApplication } from "@azure/msal-browser";

const pca = new PublicClientApplication({
  auth: { clientId: "14d82eec-204b-4c2f-b7e8-296a70dab67e", authority: "https://login.microsoftonline.com/common" },
});

const KNOWN_APPS: Record<string, string> = {
  "1fec8e78-bce4-4aaf-ab1b-5451cc387264": "Microsoft Teams",
  "d3590ed6-52b3-4102-aeff-aad2292ab01c": "Microsoft Office",
};

export function App({ appid }: { appid: string }) {
  return (
    <MsalProvider instance={pca}>
      <p title="Signed in with 14d82eec-204b-4c2f-b7e8-296a70dab67e">{KNOWN_APPS[appid] ?? "Unknown app"}</p>
    </MsalProvider>
  );
}
