$env:AZURE_CLIENT_ID = '1950a258-227b-4e31-a9cf-717495945fc2'
$apps = '04b07795-8ddb-461a-bbee-02f9e1bf7b46', '14d82eec-204b-4c2f-b7e8-296a70dab67e'
$apps | ForEach-Object { Connect-MgGraph -ClientId $_ -NoWelcome }
$token = Get-AzAccessToken -ResourceUrl '797f4846-ba00-4fd7-ba43-dac1f8f63013'
switch ($ctx.ClientId) {
    '04b07795-8ddb-461a-bbee-02f9e1bf7b46' { Write-Verbose 'Azure CLI' }
    default { }
}
