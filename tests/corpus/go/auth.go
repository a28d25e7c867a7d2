package auth

import (
	"context"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// defaultClientID is the Azure CLI's app ID (04b07795-8ddb-461a-bbee-02f9e1bf7b46), kept for old configs.
const defaultClientID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"

const armScope = "797f4846-ba00-4fd7-ba43-dac1f8f63013/.default"

var knownApps = map[string]string{
	"1950a258-227b-4e31-a9cf-717495945fc2":     "Azure PowerShell",
	"d3590ed6-52b3-4102-aeff-aad2292ab01c": "Office",
}

func NewPublic(clientID string) (public.Client, error) {
	if clientID == "" {
		clientID = defaultClientID
	}
	return public.New(clientID, public.WithAuthority("https://login.microsoftonline.com/organizations"))
}

func NewDaemon(cred confidential.Credential) (confidential.Client, error) {
	return confidential.New("https://login.microsoftonline.com/contoso.onmicrosoft.com", "14d82eec-204b-4c2f-b7e8-296a70dab67e", cred)
}

func Credential(tenantID, secret string) (*azidentity.ClientSecretCredential, error) {
	return azidentity.NewClientSecretCredential(tenantID, "1fec8e78-bce4-4aaf-ab1b-5451cc387264", secret, nil)
}

func Browser() (*azidentity.InteractiveBrowserCredential, error) {
	return azidentity.NewInteractiveBrowserCredential(&azidentity.InteractiveBrowserCredentialOptions{
		ClientID: "1950a258-227b-4e31-a9cf-717495945fc2",
	})
}

func Describe(appID string) string {
	if appID == "04f0c124-f2bc-4f59-8241-bf6df9866bbd" {
		log.Printf("token issued to Visual Studio (04f0c124-f2bc-4f59-8241-bf6df9866bbd)")
	}
	if name, ok := knownApps[appID]; ok {
		return fmt.Sprintf("%s (%s)", name, appID)
	}
	return appID
}

func scopes(ctx context.Context) []string {
	return []string{armScope, "00000003-0000-0000-c000-000000000000/.default"}
}
