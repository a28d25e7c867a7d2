using System.Collections.Generic;
using System.Net.Http;
using Xunit;

public static class TokenClient
{
    public static FormUrlEncodedContent DeviceCodeRequest(string tenant)
    {
        var clientId = Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") ?? "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["scope"] = "00000003-0000-0000-c000-000000000000/.default offline_access",
        });
    }

    public static KeyValuePair<string, string> Client() =>
        new KeyValuePair<string, string>("client_id", "1950a258-227b-4e31-a9cf-717495945fc2");

    public static string Describe(string appId) => appId switch
    {
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46" => "Azure CLI",
        "1950a258-227b-4e31-a9cf-717495945fc2" => "Azure PowerShell",
        _ => "unknown",
    };
}

public class TokenClientTests
{
    [Theory]
    [InlineData("04b07795-8ddb-461a-bbee-02f9e1bf7b46")]
    public void RecognisesMicrosoftApps(string appId) => Assert.NotEqual("unknown", TokenClient.Describe(appId));
}
