using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Stores;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// The web demo in the test process, seeded at start like a first run: on its own SQLite file, or on
/// the database <see cref="Provider"/> and <see cref="ConnectionString"/> name, which another factory
/// (another host, with its own services, cache and change feed) may share.
/// </summary>
/// <param name="environment">The hosting environment; Production unless a test needs another.</param>
/// <param name="testServices">Replaces services after the app registered its own, as a test double would.</param>
public sealed class WebDemoFactory(string environment = "Production", Action<IServiceCollection>? testServices = null) : WebApplicationFactory<Program>
{
    private static readonly OrganizationId Acme = new("acme");

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"vectice-webdemo-{Guid.NewGuid():N}.db");

    /// <summary>The demo's <c>Organization:Provider</c>; the demo's default (SQLite) when null.</summary>
    public string? Provider { get; init; }

    /// <summary>The database, owned by the test; a SQLite file of the factory's own, deleted at the end, when null.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>A connection string to a SQLite file, as the factory makes for its own.</summary>
    public static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Organization", ConnectionString ?? SqliteConnectionString(_database));
        if (Provider is not null)
        {
            builder.UseSetting("Organization:Provider", Provider);
        }

        builder.UseEnvironment(environment);
        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    /// <summary>A client signed in as <paramref name="userId"/>, following no redirects so each answer is seen.</summary>
    public async Task<DemoClient> SignInAsync(string userId)
    {
        var client = new DemoClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signedIn = await client.PostAsync("/signin", new() { ["userId"] = userId });
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>Deactivates <paramref name="userId"/> through the SDK's services, requested and confirmed by Ada, a seeded Admin.</summary>
    public Task DeactivateAsync(string userId) => WithServiceAsync<RoleChangeService, bool>(async roleChanges =>
    {
        var ada = new UserId("ada");
        var requested = await roleChanges.RequestDeactivationAsync(ada, Acme, new UserId(userId));
        Assert.True(requested.TryGetValue(out var pending, out var refused), refused?.ToString());
        var confirmed = await roleChanges.ConfirmAsync(ada, pending.Id);
        Assert.True(confirmed.IsSuccess, confirmed.Refusal?.ToString());
        return true;
    });

    /// <summary>Runs <paramref name="act"/> with one of the SDK's services from a fresh scope, as another host (or a script) would.</summary>
    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>
    /// What the SDK has stored, read from its store as text to compare before and after a request:
    /// each member's role and status, the changes still pending, and how many audit entries there are.
    /// </summary>
    public async Task<string> StoredStateAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOrganizationStore>();
        var members = await store.ListMembersAsync(Acme, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None);
        var pending = await store.ListPendingChangesAsync(Acme, new PendingChangeQuery { Limit = PendingChangeQuery.MaxLimit }, CancellationToken.None);
        var audit = await store.ListAuditEntriesAsync(Acme, new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None);
        Assert.False(members.HasMore || pending.HasMore || audit.HasMore, "the demo's data should fit one page of each");
        return string.Join(
            '\n',
            members.Items.Select(m => $"member {m.UserId} {m.Role} {m.Status}")
                .Concat(pending.Items.Select(p => $"pending {p.Id} {p.Kind} {p.Target} {p.Status}"))
                .Append($"audit entries {audit.Items.Count}"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ConnectionString is not null)
        {
            return;
        }

        foreach (var file in new[] { _database, $"{_database}-wal", $"{_database}-shm" })
        {
            File.Delete(file);
        }
    }
}
