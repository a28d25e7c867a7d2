<#
.SYNOPSIS
    Connects to Microsoft Graph and Exchange Online for the nightly report.
.DESCRIPTION
    By default this uses the Microsoft Graph Command Line Tools app (14d82eec-204b-4c2f-b7e8-296a70dab67e).
#>
[CmdletBinding()]
param(
    [Parameter(HelpMessage = "Client ID of your app registration, e.g. 14d82eec-204b-4c2f-b7e8-296a70dab67e")]
    [string]$ClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e",
    [string]$TenantId = "contoso.onmicrosoft.com"
)

$ExchangeApp = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
$FirstPartyApps = @{
    '04b07795-8ddb-461a-bbee-02f9e1bf7b46' = 'Azure CLI'
    '1950a258-227b-4e31-a9cf-717495945fc2'  = 'Azure PowerShell'
}

Connect-MgGraph -ClientId $ClientId -TenantId $TenantId -Scopes "User.Read.All", "AuditLog.Read.All"
Connect-ExchangeOnline -AppId $ExchangeApp -Organization $TenantId -ShowBanner:$false
Connect-AzAccount -ApplicationId 1950a258-227b-4e31-a9cf-717495945fc2 -Tenant $TenantId -UseDeviceAuthentication
Connect-PnPOnline -Url "https://contoso.sharepoint.com" -ClientId "9bc3ab49-b65d-410a-85ad-de819febfddc" -Interactive

$body = @{
    client_id  = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
    scope      = "797f4846-ba00-4fd7-ba43-dac1f8f63013/.default"
    grant_type = "urn:ietf:params:oauth:grant-type:device_code"
}
$device = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$TenantId/oauth2/v2.0/devicecode" -Body $body

$ctx = Get-MgContext
if ($ctx.ClientId -eq '14d82eec-204b-4c2f-b7e8-296a70dab67e') {
    Write-Warning "Still on the Graph CLI app (14d82eec-204b-4c2f-b7e8-296a70dab67e); register your own app."
}
if ($FirstPartyApps.ContainsKey($ctx.ClientId)) {
    Write-Host "Signed in with $($FirstPartyApps[$ctx.ClientId])"
}

$graphSp = Get-MgServicePrincipal -Filter "appId eq '00000003-0000-0000-c000-000000000000'"
New-MgServicePrincipal -AppId '1fec8e78-bce4-4aaf-ab1b-5451cc387264' | Out-Null
