using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>The web demo in the test process, on its own SQLite file, seeded at start like a first run.</summary>
public sealed class WebDemoFactory : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"vectice-webdemo-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _database, Pooling = false }.ToString();
        builder.UseSetting("ConnectionStrings:Organization", connectionString);
        builder.UseEnvironment("Production");
    }

    /// <summary>A client signed in as <paramref name="userId"/>, following no redirects so each answer is seen.</summary>
    public async Task<DemoClient> SignInAsync(string userId)
    {
        var client = new DemoClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signedIn = await client.PostAsync("/signin", new() { ["userId"] = userId });
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _database, $"{_database}-wal", $"{_database}-shm" })
        {
            File.Delete(file);
        }
    }
}
