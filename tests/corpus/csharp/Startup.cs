using Azure.Identity;
using Microsoft.Identity.Web;

public class Startup
{
    private static readonly Guid PortalAppId = Guid.Parse("c44b4083-3bb0-49c1-b47d-974e53cbdf3c");

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddMicrosoftIdentityWebApiAuthentication(Configuration)
            .EnableTokenAcquisitionToCallDownstreamApi(new[] { "00000003-0000-0000-c000-000000000000/User.Read" });

        services.Configure<JwtBearerOptions>(options =>
        {
            options.TokenValidationParameters.ValidAudiences = new[] { "d3590ed6-52b3-4102-aeff-aad2292ab01c" };
        });

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e",
            InteractiveBrowserCredentialClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        });

        var cca = ConfidentialClientApplicationBuilder.CreateWithApplicationOptions(
            new ConfidentialClientApplicationOptions { ClientId = "1fec8e78-bce4-4aaf-ab1b-5451cc387264", TenantId = "common" });
    }
}
