extension microsoftGraphV1

@description('Client ID of the deployment identity, for example 04b07795-8ddb-461a-bbee-02f9e1bf7b46 in old templates.')
param deployClientId string = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'

var graphAppId = '00000003-0000-0000-c000-000000000000'

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: graphAppId
}

resource teamsSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264'
}

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'reporting'
  displayName: 'Reporting'
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [ { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' } ]
    }
  ]
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-prod'
  location: resourceGroup().location
  properties: {
    dnsPrefix: 'aksprod'
    servicePrincipalProfile: {
      clientId: deployClientId
    }
  }
}

resource script 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'bootstrap'
  location: resourceGroup().location
  kind: 'AzureCLI'
  properties: {
    azCliVersion: '2.61.0'
    clientId: '1950a258-227b-4e31-a9cf-717495945fc2'
    retentionInterval: 'PT1H'
  }
}

output isCli bool = deployClientId == '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
