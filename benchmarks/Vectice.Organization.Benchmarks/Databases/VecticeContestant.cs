using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// The SDK as a web host runs it: registered with <c>AddVecticeOrganization</c> on its EF Core
/// stores, the request in one DI scope (one web request, one context) and the confirm in another.
/// </summary>
internal sealed class VecticeContestant : IContestant
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");

    private readonly BenchmarkDatabase _database;
    private readonly ServiceProvider _provider;
    private readonly RoundTripCounter? _counter;
    private readonly bool _pooled;
    private bool _toAdmin;

    /// <param name="database">Creates the database.</param>
    /// <param name="pooled">The context registered with <c>AddDbContextPool</c> instead of <c>AddDbContext</c>.</param>
    /// <param name="countRoundTrips">Count commands and commits; off when timing, as the floors count nothing.</param>
    /// <param name="observer">An interceptor of the caller's, which sees every scope's context.</param>
    public VecticeContestant(Func<string, BenchmarkDatabase> database, bool pooled, bool countRoundTrips = false, IInterceptor? observer = null)
    {
        _pooled = pooled;
        _counter = countRoundTrips ? new RoundTripCounter() : null;
        _database = database(pooled ? "vectice_pooled" : "vectice");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddContext<OrganizationDbContext>(pooled, _database, _counter, observer);
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        _provider = services.BuildServiceProvider();
        using var scope = _provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.EnsureCreated();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        var created = provisioning.CreateOrganizationAsync(Org, "Acme", new User(Admin, "admin@example.com", "Admin")).AsTask().GetAwaiter().GetResult();
        Check(created.Refusal);
        var added = provisioning.AddMemberAsync(Admin, Org, new User(Target, "target@example.com", "Target"), OrgRole.Member).AsTask().GetAwaiter().GetResult();
        Check(added.Refusal);
    }

    public string Name => $"Vectice.Organization: request + confirm, a scope each ({ContextRegistration.Describe(_pooled)})";

    public (int Commands, int Commits, int CommitsInCommands) LastRoundTrips => _counter?.Last ?? throw RoundTripCounter.NotCounting();

    public IReadOnlyList<string> LastCommandTexts => _counter?.Texts ?? throw RoundTripCounter.NotCounting();

    public async Task ToggleAsync()
    {
        _counter?.Reset();
        _toAdmin = !_toAdmin;
        var pending = await RequestAsync(_toAdmin ? OrgRole.Admin : OrgRole.Member);
        await ConfirmAsync(pending);
    }

    public void Analyze() => _database.Analyze();

    public void Dispose()
    {
        _provider.Dispose();
        _database.Dispose();
    }

    private static void Check(Refusal? refusal)
    {
        if (refusal is not null)
        {
            throw new InvalidOperationException(refusal.Reason);
        }
    }

    private async Task<PendingChangeId> RequestAsync(OrgRole role)
    {
        await using var scope = _provider.CreateAsyncScope();
        var requested = await scope.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Admin, Org, Target, role);
        return requested.TryGetValue(out var pending, out var refusal) ? pending.Id : throw new InvalidOperationException(refusal.Reason);
    }

    private async Task ConfirmAsync(PendingChangeId pending)
    {
        await using var scope = _provider.CreateAsyncScope();
        var confirmed = await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Admin, pending);
        Check(confirmed.Refusal);
    }
}
