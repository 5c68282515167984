using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// A request + confirm on the Entity Framework Core store, as a web host runs it: SQLite in WAL mode with its
/// default <c>synchronous=FULL</c>, the context registered with <c>AddDbContext</c>, the request in one DI
/// scope and the confirm in another. One database per build, whose history grows as the rounds run.
/// </summary>
internal sealed class SqliteRoundTrip : IDisposable
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"vectice-side-by-side-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _provider;
    private bool _toAdmin;

    public SqliteRoundTrip()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _file }.ToString();
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(o => o.UseSqlite(connectionString));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        _provider = services.BuildServiceProvider();
        try
        {
            using var scope = _provider.CreateScope();
            var database = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database;
            database.EnsureCreated();
            database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
            _ = provisioning.CreateOrganizationAsync(Org, "Acme", new User(Admin, "admin@example.com", "Admin")).AsTask().GetAwaiter().GetResult().AsT0;
            _ = provisioning.AddMemberAsync(Admin, Org, new User(Target, "target@example.com", "Target"), OrgRole.Member).AsTask().GetAwaiter().GetResult().AsT0;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Moves the target to the other role: a request in one scope, its confirm in another.</summary>
    public async Task ToggleAsync()
    {
        _toAdmin = !_toAdmin;
        PendingChange pending;
        await using (var request = _provider.CreateAsyncScope())
        {
            pending = (await request.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Admin, Org, Target, _toAdmin ? OrgRole.Admin : OrgRole.Member)).AsT0;
        }

        await using var confirm = _provider.CreateAsyncScope();
        _ = (await confirm.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Admin, pending.Id)).AsT0;
    }

    public void Dispose()
    {
        _provider.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[_file, _file + "-wal", _file + "-shm"])
        {
            File.Delete(file);
        }
    }
}
