using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// ASP.NET Core Identity 10 as a host would use it for roles: <c>RemoveFromRoleAsync</c> then
/// <c>AddToRoleAsync</c> through its EF Core stores, on one scope (one context).
/// </summary>
internal sealed class IdentityContestant : IContestant
{
    private readonly BenchmarkDatabase _database;
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;
    private readonly UserManager<IdentityUser> _users;
    private readonly IdentityUser _user;
    private readonly RoundTripCounter _counter = new();
    private bool _toAdmin;

    public IdentityContestant(Func<string, BenchmarkDatabase> database)
    {
        _database = database("identity");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityDbContext>(o => _database.Use(o).AddInterceptors(_counter));
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<IdentityDbContext>();
        _provider = services.BuildServiceProvider();
        _scope = _provider.CreateAsyncScope();
        _scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreated();
        var roles = _scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        Check(roles.CreateAsync(new IdentityRole("Admin")).GetAwaiter().GetResult());
        Check(roles.CreateAsync(new IdentityRole("Member")).GetAwaiter().GetResult());
        _users = _scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        _user = new IdentityUser("target") { Email = "target@example.com" };
        Check(_users.CreateAsync(_user).GetAwaiter().GetResult());
        Check(_users.AddToRoleAsync(_user, "Member").GetAwaiter().GetResult());
    }

    public string Name => "ASP.NET Core Identity: RemoveFromRole + AddToRole";

    public (int Commands, int Commits) LastRoundTrips { get; private set; }

    public async Task ToggleAsync()
    {
        _counter.Reset();
        _toAdmin = !_toAdmin;
        var (from, to) = _toAdmin ? ("Member", "Admin") : ("Admin", "Member");
        Check(await _users.RemoveFromRoleAsync(_user, from));
        Check(await _users.AddToRoleAsync(_user, to));
        LastRoundTrips = (_counter.Commands, _counter.Commits);
    }

    public void Dispose()
    {
        _scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
