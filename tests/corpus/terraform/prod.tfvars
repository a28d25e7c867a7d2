tenant_id          = "contoso.onmicrosoft.com"
client_id          = "1b730954-1685-4b74-9bfd-dac224a7b894"
pipeline_client_id = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
