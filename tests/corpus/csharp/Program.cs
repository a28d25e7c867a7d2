using Microsoft.Identity.Client;

var builder = PublicClientApplicationBuilder.Create(args.Length > 0 ? args[0] : "1fec8e78-bce4-4aaf-ab1b-5451cc387264");
var app = builder.WithRedirectUri("http://localhost").Build();

Console.WriteLine("Usage: tool [client-id]  (defaults to Microsoft Teams, 1fec8e78-bce4-4aaf-ab1b-5451cc387264)");

var resources = new Dictionary<string, string>
{
    ["graph"] = "00000003-0000-0000-c000-000000000000",
    ["arm"] = "797f4846-ba00-4fd7-ba43-dac1f8f63013",
};
