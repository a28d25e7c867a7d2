$params = @{
    ApplicationId         = '1fec8e78-bce4-4aaf-ab1b-5451cc387264'
    CertificateThumbprint = $Thumbprint
    Tenant                = $TenantId
    ServicePrincipal      = $true
}
Connect-AzAccount @params

$graphToken = Get-AzAccessToken -ResourceTypeName MSGraph
$armResource = '797f4846-ba00-4fd7-ba43-dac1f8f63013'
$token = (Get-AzAccessToken -ResourceUrl $armResource).Token

$sp = Get-AzADServicePrincipal -ApplicationId 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
New-AzRoleAssignment -ApplicationId '04b07795-8ddb-461a-bbee-02f9e1bf7b46' -RoleDefinitionName Reader

Write-Output "Deployed with client 1fec8e78-bce4-4aaf-ab1b-5451cc387264"
