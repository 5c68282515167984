using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// A host's service provider over a fixture's database, registered as a web host registers the SDK (its
/// context with <c>AddDbContext</c> or <c>AddDbContextPool</c>, a staleness bound of an hour, no feed),
/// and an organization of two Admins, Ada and Alan, with Ada's request to make Alan a Member.
/// </summary>
public static class HostedDemotion
{
    public static UserId Ada { get; } = new("ada");

    public static UserId Alan { get; } = new("alan");

    /// <param name="fixture">The database.</param>
    /// <param name="pooledContext">The context registered with <c>AddDbContextPool</c>.</param>
    /// <param name="prepareStatements">Passed to <c>AddEntityFrameworkStores</c>.</param>
    /// <param name="configure">The host's own registrations, such as its observers.</param>
    /// <param name="interceptors">Added to the context's options.</param>
    public static ServiceProvider Host(
        EntityFrameworkStoreFixture fixture, bool pooledContext = false, bool prepareStatements = true, Action<IServiceCollection>? configure = null, params IInterceptor[] interceptors)
    {
        void Configure(DbContextOptionsBuilder options) => fixture.UseDatabase(options.AddInterceptors(interceptors));
        var services = new ServiceCollection();
        _ = pooledContext ? services.AddDbContextPool<OrganizationDbContext>(Configure) : services.AddDbContext<OrganizationDbContext>(Configure);
        services.AddVecticeOrganization(options => options.AccessMaxStaleness = TimeSpan.FromHours(1)).AddEntityFrameworkStores<OrganizationDbContext>(prepareStatements);
        configure?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Creates the organization, then requests the demotion, each in a scope of its own.</summary>
    public static async Task<(OrganizationId Organization, PendingChangeId Pending)> SeedAndRequestAsync(ServiceProvider provider)
    {
        var organization = new OrganizationId($"host-transaction-{Guid.NewGuid():N}");
        await using (var scope = provider.CreateAsyncScope())
        {
            var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
            (await provisioning.CreateOrganizationAsync(organization, "Host transaction", new User(Ada, "ada@example.com", "Ada"))).GetValueOrThrow();
            (await provisioning.AddMemberAsync(Ada, organization, new User(Alan, "alan@example.com", "Alan"), OrgRole.Admin)).GetValueOrThrow();
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var pending = (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Ada, organization, Alan, OrgRole.Member)).GetValueOrThrow();
            return (organization, pending.Id);
        }
    }

    /// <summary>Alan's role as the store holds it now, read in a scope of its own.</summary>
    public static Task<OrgRole?> RoleOfAlanAsync(ServiceProvider provider, OrganizationId organization) => RoleOfAsync(provider, organization, Alan);

    /// <summary>A member's role as the store holds it now, read in a scope of its own; <see langword="null"/> for no member.</summary>
    public static async Task<OrgRole?> RoleOfAsync(ServiceProvider provider, OrganizationId organization, UserId user)
    {
        await using var scope = provider.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IOrganizationStore>().FindMembershipAsync(organization, user, CancellationToken.None))?.Role;
    }

    /// <summary>
    /// Confirms the demotion in a scope whose context has a transaction of the host's (begun on the
    /// context, or begun on its connection and handed to it), checks that Alan is still an Admin before the
    /// host ends it (the check caches that), then ends it with <paramref name="end"/>.
    /// </summary>
    public static async Task ConfirmInHostTransactionAsync(
        ServiceProvider provider, OrganizationId organization, PendingChangeId pending, Func<IDbContextTransaction, Task> end, bool handed = false, CancellationTokenSource? cancellation = null)
    {
        await using var scope = provider.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database;
        if (handed)
        {
            await database.OpenConnectionAsync();
        }

        await using var own = handed ? await database.GetDbConnection().BeginTransactionAsync() : null;
        await using var transaction = own is null ? await database.BeginTransactionAsync() : (await database.UseTransactionAsync(own))!;
        (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending, cancellation?.Token ?? default)).GetValueOrThrow();
        Assert.True(await provider.GetRequiredService<OrganizationAccess>().IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        await end(transaction);
    }
}
