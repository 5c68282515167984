using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// ASP.NET Core Identity 10 as a web host would use it for roles, through its EF Core stores: one
/// DI scope (one web request, one context) finds the user, removes the old role and adds the new one.
/// </summary>
internal sealed class IdentityContestant : IContestant
{
    private const string TargetId = "target";

    private readonly BenchmarkDatabase _database;
    private readonly ServiceProvider _provider;
    private readonly RoundTripCounter? _counter;
    private readonly bool _pooled;
    private bool _toAdmin;

    /// <param name="database">Creates the database.</param>
    /// <param name="pooled">The context registered with <c>AddDbContextPool</c> instead of <c>AddDbContext</c>.</param>
    /// <param name="countRoundTrips">Count commands and commits; off when timing, as the floors count nothing.</param>
    public IdentityContestant(Func<string, BenchmarkDatabase> database, bool pooled, bool countRoundTrips = false)
    {
        _pooled = pooled;
        _counter = countRoundTrips ? new RoundTripCounter() : null;
        _database = database(pooled ? "identity_pooled" : "identity");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddContext<IdentityDbContext>(pooled, _database, _counter);
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<IdentityDbContext>();
        _provider = services.BuildServiceProvider();
        using var scope = _provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreated();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        Check(roles.CreateAsync(new IdentityRole("Admin")).GetAwaiter().GetResult());
        Check(roles.CreateAsync(new IdentityRole("Member")).GetAwaiter().GetResult());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser(TargetId) { Id = TargetId, Email = "target@example.com" };
        Check(users.CreateAsync(user).GetAwaiter().GetResult());
        Check(users.AddToRoleAsync(user, "Member").GetAwaiter().GetResult());
    }

    public string Name => $"ASP.NET Core Identity: FindById + RemoveFromRole + AddToRole, one scope ({ContextRegistration.Describe(_pooled)})";

    public (int Commands, int Commits, int CommitsInCommands) LastRoundTrips => _counter?.Last ?? throw RoundTripCounter.NotCounting();

    public IReadOnlyList<string> LastCommandTexts => _counter?.Texts ?? throw RoundTripCounter.NotCounting();

    public async Task ToggleAsync()
    {
        _counter?.Reset();
        _toAdmin = !_toAdmin;
        var (from, to) = _toAdmin ? ("Member", "Admin") : ("Admin", "Member");
        await using (var scope = _provider.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = await users.FindByIdAsync(TargetId) ?? throw new InvalidOperationException("The target was not found.");
            Check(await users.RemoveFromRoleAsync(user, from));
            Check(await users.AddToRoleAsync(user, to));
        }
    }

    public void Analyze() => _database.Analyze();

    public void Dispose()
    {
        _provider.Dispose();
        _database.Dispose();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
