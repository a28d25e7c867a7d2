param managedIdentityClientId string = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'

var knownApps = [
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
  '1950a258-227b-4e31-a9cf-717495945fc2'
]

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-prod'
  location: resourceGroup().location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
        applicationId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264'
        permissions: { secrets: [ 'get' ] }
      }
    ]
  }
}

output identityClientId string = managedIdentityClientId
