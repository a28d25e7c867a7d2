using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace Contoso.Tools.Auth;

/// <summary>
/// Signs the tool in. Historically this borrowed the Azure CLI app (04b07795-8ddb-461a-bbee-02f9e1bf7b46).
/// </summary>
public sealed class GraphAuthService
{
    // Fallback used when appsettings.json has no AzureAd:ClientId.
    private const string FallbackClientId = "1950a258-227b-4e31-a9cf-717495945fc2";
    private const string GraphScope = "00000003-0000-0000-c000-000000000000/.default";
    private static readonly string[] KnownMicrosoftApps =
    {
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "04f0c124-f2bc-4f59-8241-bf6df9866bbd",
    };

    private readonly ILogger<GraphAuthService> _logger;

    public GraphAuthService(ILogger<GraphAuthService> logger) => _logger = logger;

    public IPublicClientApplication BuildApp(string? configured)
    {
        return PublicClientApplicationBuilder
            .Create(configured ?? FallbackClientId)
            .WithAuthority(AzureCloudInstance.AzurePublic, "organizations")
            .WithDefaultRedirectUri()
            .Build();
    }

    public IConfidentialClientApplication BuildDaemon(string secret) =>
        ConfidentialClientApplicationBuilder.Create("14d82eec-204b-4c2f-b7e8-296a70dab67e")
            .WithClientSecret(secret)
            .Build();

    public ClientSecretCredential Credential(string tenantId, string secret) =>
        new ClientSecretCredential(tenantId, "d3590ed6-52b3-4102-aeff-aad2292ab01c", secret);

    public InteractiveBrowserCredential Browser() =>
        new InteractiveBrowserCredential(new InteractiveBrowserCredentialOptions
        {
            ClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
            TenantId = "organizations",
        });

    public bool IsMicrosoftClient(string appId)
    {
        if (appId == "c44b4083-3bb0-49c1-b47d-974e53cbdf3c")
        {
            _logger.LogInformation("Request from the Azure portal ({AppId})", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c");
            return true;
        }
        return Array.IndexOf(KnownMicrosoftApps, appId) >= 0;
    }

    public async Task<string> TokenForKeyVault(IPublicClientApplication app)
    {
        var result = await app
            .AcquireTokenInteractive(new[] { "cfa8b339-82a2-471a-a3c9-0fc0be7a4093/user_impersonation", GraphScope })
            .ExecuteAsync();
        return result.AccessToken;
    }
}
