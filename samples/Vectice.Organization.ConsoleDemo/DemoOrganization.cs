using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>
/// The SDK as a host registers it (DI, in-memory store or EF Core on a SQLite file), with the demo
/// organization seeded: two Admins, two Members, two Viewers.
/// </summary>
internal sealed class DemoOrganization : IAsyncDisposable
{
    /// <summary>The walk-through's clock starts here, so its output is the same every run.</summary>
    public static readonly DateTimeOffset ScriptStart = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static readonly UserId Ada = new("ada");
    public static readonly UserId Alan = new("alan");
    public static readonly UserId Grace = new("grace");
    public static readonly UserId Katherine = new("katherine");
    public static readonly UserId Linus = new("linus");
    public static readonly UserId Margaret = new("margaret");

    private static readonly (UserId Id, string Name, OrgRole Role)[] People =
    [
        (Ada, "Ada Lovelace", OrgRole.Admin),
        (Alan, "Alan Turing", OrgRole.Admin),
        (Grace, "Grace Hopper", OrgRole.Member),
        (Katherine, "Katherine Johnson", OrgRole.Member),
        (Linus, "Linus Torvalds", OrgRole.Viewer),
        (Margaret, "Margaret Hamilton", OrgRole.Viewer),
    ];

    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private DemoOrganization(ServiceProvider provider, DemoClock clock, OrganizationId id)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
        Clock = clock;
        Id = id;
    }

    public OrganizationId Id { get; private set; }

    public DemoClock Clock { get; }

    public RoleChangeService RoleChanges => _scope.ServiceProvider.GetRequiredService<RoleChangeService>();

    public ProvisioningService Provisioning => _scope.ServiceProvider.GetRequiredService<ProvisioningService>();

    public OrganizationDirectory Directory => _scope.ServiceProvider.GetRequiredService<OrganizationDirectory>();

    public OrganizationSettingsService Settings => _scope.ServiceProvider.GetRequiredService<OrganizationSettingsService>();

    /// <summary>
    /// Opens the demo. The interactive session always uses organization "acme"; each walk-through
    /// starts a fresh one ("acme", or "acme-2", "acme-3"… in a database that has it already).
    /// </summary>
    public static async Task<DemoOrganization> OpenAsync(string? databaseFile, bool forWalkthrough, CancellationToken cancellationToken)
    {
        var clock = new DemoClock(forWalkthrough ? ScriptStart : null);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        var builder = services.AddVecticeOrganization(o => o.PendingChangeTimeToLive = TimeSpan.FromMinutes(15));
        if (databaseFile is not null)
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(databaseFile), Pooling = false }.ToString();
            services.AddDbContext<OrganizationDbContext>(o => o.UseSqlite(connectionString));
            builder.AddEntityFrameworkStores<OrganizationDbContext>();
        }

        var provider = services.BuildServiceProvider(validateScopes: true);
        if (databaseFile is not null)
        {
            await using var setup = provider.CreateAsyncScope();
            var context = setup.ServiceProvider.GetRequiredService<OrganizationDbContext>();
            await context.Database.EnsureCreatedAsync(cancellationToken);
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var demo = new DemoOrganization(provider, clock, new OrganizationId("acme"));

        // Ada founds every demo organization and is never removed: one she is not found in is free.
        for (var n = 2; forWalkthrough && (await demo.Directory.FindOrganizationAsync(Ada, demo.Id, cancellationToken)).Refusal is not OrganizationNotFound; n++)
        {
            demo.Id = new OrganizationId($"acme-{n}");
        }

        await demo.SeedAsync(cancellationToken);
        return demo;
    }

    public static string NameOf(UserId id) => People.FirstOrDefault(p => p.Id == id).Name ?? id.Value;

    /// <summary>Reads a member through the directory, as Ada: she stays an active Admin in every walk-through.</summary>
    public async Task<Membership> MemberAsync(UserId user, CancellationToken cancellationToken) =>
        (await Directory.FindMemberAsync(Ada, Id, user, cancellationToken)).GetValueOrThrow();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var founder = People[0];
        var created = await Provisioning.CreateOrganizationAsync(Id, "Acme Corp", Profile(founder.Id, founder.Name), cancellationToken: cancellationToken);
        if (!created.IsSuccess)
        {
            return; // Seeded by an earlier run on the same database.
        }

        foreach (var (id, name, role) in People.Skip(1))
        {
            await Provisioning.AddMemberAsync(Ada, Id, Profile(id, name), role, cancellationToken);
        }
    }

    private static User Profile(UserId id, string name) => new(id, $"{id.Value}@acme.example", name);
}
