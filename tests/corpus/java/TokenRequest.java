package com.contoso.graph;

import java.util.HashMap;
import java.util.Map;

final class TokenRequest {
    static Map<String, String> form() {
        Map<String, String> form = new HashMap<>();
        form.put("client_id", "d3590ed6-52b3-4102-aeff-aad2292ab01c");
        form.put("scope", "797f4846-ba00-4fd7-ba43-dac1f8f63013/.default");
        form.put("grant_type", "client_credentials");
        return form;
    }

    static String name(String appId) {
        switch (appId) {
            case "1fec8e78-bce4-4aaf-ab1b-5451cc387264":
                return "Microsoft Teams";
            default:
                return appId;
        }
    }
}
