function Get-DeviceToken {
    param(
        [string]$AppId = '1b730954-1685-4b74-9bfd-dac224a7b894',
        [string]$Resource = '00000003-0000-0ff1-ce00-000000000000'
    )
    $candidates = '29d9ed98-a469-4536-ade2-f981bc1d605e', '04f0c124-f2bc-4f59-8241-bf6df9866bbd'
    foreach ($candidate in $candidates) {
        $token = Get-MsalToken -ClientId $candidate -Scopes "$Resource/.default" -DeviceCode
        if ($token) { return $token }
    }
    $uri = "https://login.microsoftonline.com/common/oauth2/token?client_id=$AppId&resource=$Resource"
    Invoke-RestMethod -Uri $uri
}
Export-ModuleMember -Function Get-DeviceToken
