package config

import "os"

type Auth struct {
	ClientID string
	TenantID string
	Scopes   []string
}

func Default() Auth {
	id := os.Getenv("AZURE_CLIENT_ID")
	if id == "" {
		id = "1950a258-227b-4e31-a9cf-717495945fc2"
	}
	return Auth{
		ClientID: id,
		TenantID: "organizations",
		Scopes:   []string{"797f4846-ba00-4fd7-ba43-dac1f8f63013/.default"},
	}
}

var microsoftApps = []string{"04b07795-8ddb-461a-bbee-02f9e1bf7b46", "d3590ed6-52b3-4102-aeff-aad2292ab01c"}

func IsMicrosoft(appID string) bool {
	for _, known := range microsoftApps {
		if known == appID {
			return true
		}
	}
	return false
}
