using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// A request + confirm on the Entity Framework Core store, as a web host runs it: the request in one DI scope
/// and the confirm in another. One database per build, whose history grows as the rounds run: a SQLite file in
/// WAL mode with its default <c>synchronous=FULL</c> (<see cref="Sqlite"/>), or a PostgreSQL database on the
/// connection string a host writes (<see cref="PostgreSql"/>).
/// </summary>
internal sealed class StoreRoundTrip : IDisposable
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");

    private readonly ServiceProvider _provider;
    private readonly Action _drop;
    private bool _toAdmin;

    private StoreRoundTrip(Action<IServiceCollection> addContext, Action<DatabaseFacade> prepare, Action drop)
    {
        _drop = drop;
        var services = new ServiceCollection();
        addContext(services);
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        _provider = services.BuildServiceProvider();
        try
        {
            using var scope = _provider.CreateScope();
            var database = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database;
            database.EnsureCreated();
            prepare(database);
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

    /// <summary>A SQLite file in WAL mode, the context registered with <c>AddDbContext</c>.</summary>
    public static StoreRoundTrip Sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vectice-side-by-side-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        return new(
            services => services.AddDbContext<OrganizationDbContext>(o => o.UseSqlite(connectionString)),
            database => database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;"),
            () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var path in (string[])[file, file + "-wal", file + "-shm"])
                {
                    File.Delete(path);
                }
            });
    }

    /// <summary>
    /// A fresh PostgreSQL database on <see cref="ThrowawayDatabase.ServerVariable"/>'s server, the context registered with
    /// <c>AddDbContextPool</c>: the registration whose multiple of the floor is nearest the goal.
    /// </summary>
    public static StoreRoundTrip PostgreSql()
    {
        // Program checks it is set before any build runs.
        var server = ThrowawayDatabase.Server!;
        var connectionString = ThrowawayDatabase.Create(server, "vectice_side_by_side");
        return new(
            services => services.AddDbContextPool<OrganizationDbContext>(o => o.UseNpgsql(connectionString)),
            _ => { },
            () => ThrowawayDatabase.Drop(server, connectionString));
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
        _drop();
    }
}
