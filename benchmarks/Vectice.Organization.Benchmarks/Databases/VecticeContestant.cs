using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The SDK: request then confirm, through the EF Core store, on one context.</summary>
internal sealed class VecticeContestant : IContestant
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");

    private readonly BenchmarkDatabase _database;
    private readonly OrganizationDbContext _context;
    private readonly RoleChangeService _roleChanges;
    private readonly RoundTripCounter _counter = new();
    private bool _toAdmin;

    public VecticeContestant(Func<string, BenchmarkDatabase> database)
    {
        _database = database("vectice");
        _context = new OrganizationDbContext(_database.Use(new DbContextOptionsBuilder<OrganizationDbContext>()).AddInterceptors(_counter).Options);
        _context.Database.EnsureCreated();
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(_context);
        var options = Options.Create(new VecticeOrganizationOptions());
        var provisioning = new ProvisioningService(store, options);
        provisioning.CreateOrganizationAsync(Org, "Acme", new User(Admin, "admin@example.com", "Admin")).AsTask().GetAwaiter().GetResult();
        provisioning.AddMemberAsync(Admin, Org, new User(Target, "target@example.com", "Target"), OrgRole.Member).AsTask().GetAwaiter().GetResult();
        _roleChanges = new RoleChangeService(store, options);
    }

    public string Name => "Vectice.Organization: request + confirm";

    public (int Commands, int Commits) LastRoundTrips { get; private set; }

    public async Task ToggleAsync()
    {
        _counter.Reset();
        _toAdmin = !_toAdmin;
        var requested = await _roleChanges.RequestAsync(Admin, Org, Target, _toAdmin ? OrgRole.Admin : OrgRole.Member);
        var confirmed = await _roleChanges.ConfirmAsync(Admin, requested.AsT0.Id);
        if (!confirmed.IsSuccess)
        {
            throw new InvalidOperationException(confirmed.Refusal!.Reason);
        }

        LastRoundTrips = (_counter.Commands, _counter.Commits);
    }

    public void Dispose()
    {
        _context.Dispose();
        _database.Dispose();
    }
}
