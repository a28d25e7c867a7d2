package com.contoso;

import com.azure.identity.DeviceCodeCredential;
import com.azure.identity.DeviceCodeCredentialBuilder;

public class App {
    static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

    public static void main(String[] args) {
        String clientId = args.length > 0 ? args[0] : "1950a258-227b-4e31-a9cf-717495945fc2";
        DeviceCodeCredential credential = new DeviceCodeCredentialBuilder()
                .clientId(clientId)
                .challengeConsumer(challenge -> System.out.println(challenge.getMessage()))
                .build();
        String scope = "797f4846-ba00-4fd7-ba43-dac1f8f63013/.default";
        if (AZURE_CLI.equals(clientId)) {
            System.err.println("Using the Azure CLI app is deprecated: " + AZURE_CLI);
        }
    }
}
