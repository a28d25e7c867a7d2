package com.contoso.graph;

import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.PublicClientApplication;
import java.util.Set;

public final class GraphClientFactory {
    /** Microsoft Office's app ID: d3590ed6-52b3-4102-aeff-aad2292ab01c. Do not reuse it. */
    private static final String OFFICE_APP = "d3590ed6-52b3-4102-aeff-aad2292ab01c";
    private static final String CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    private static final Set<String> SCOPES = Set.of("00000003-0000-0000-c000-000000000000/.default");
    private static final String[] FALLBACK_APPS = {"1950a258-227b-4e31-a9cf-717495945fc2", "14d82eec-204b-4c2f-b7e8-296a70dab67e"};

    PublicClientApplication publicApp() throws Exception {
        return PublicClientApplication.builder(CLIENT_ID)
                .authority("https://login.microsoftonline.com/organizations/")
                .build();
    }

    ConfidentialClientApplication daemon(IClientCredential credential) throws Exception {
        return ConfidentialClientApplication.builder("1fec8e78-bce4-4aaf-ab1b-5451cc387264", credential).build();
    }

    ClientSecretCredential credential(String tenant, String secret) {
        return new ClientSecretCredentialBuilder()
                .tenantId(tenant)
                .clientId("04f0c124-f2bc-4f59-8241-bf6df9866bbd")
                .clientSecret(secret)
                .build();
    }

    PublicClientApplication firstFallback() throws Exception {
        for (String id : FALLBACK_APPS) {
            return PublicClientApplication.builder(id).build();
        }
        return null;
    }

    boolean isOffice(String appId) {
        if (OFFICE_APP.equals(appId)) {
            System.out.println("Office token (d3590ed6-52b3-4102-aeff-aad2292ab01c)");
            return true;
        }
        return "1fec8e78-bce4-4aaf-ab1b-5451cc387264".equalsIgnoreCase(appId);
    }
}
