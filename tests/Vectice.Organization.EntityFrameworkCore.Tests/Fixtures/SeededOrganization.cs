using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// A fresh organization with Ada and Alan (Admins), Grace (Member) and Linus (Viewer), on a fake
/// clock of its own: two seeded alike and driven alike read alike, ids aside.
/// </summary>
public sealed class SeededOrganization
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private readonly EntityFrameworkStoreFixture _fixture;

    private SeededOrganization(EntityFrameworkStoreFixture fixture) => _fixture = fixture;

    public static UserId Ada { get; } = new("ada");

    public static UserId Alan { get; } = new("alan");

    public static UserId Grace { get; } = new("grace");

    public static UserId Linus { get; } = new("linus");

    public OrganizationId Id { get; } = new($"seeded-{Guid.NewGuid():N}");

    public FakeTimeProvider Clock { get; } = new(Start);

    public static async Task<SeededOrganization> CreateAsync(EntityFrameworkStoreFixture fixture)
    {
        var organization = new SeededOrganization(fixture);
        await organization.InScopeAsync(async services =>
        {
            (await services.Provisioning.CreateOrganizationAsync(organization.Id, "Seeded", Profile(Ada))).GetValueOrThrow();
            foreach (var (user, role) in new[] { (Alan, OrgRole.Admin), (Grace, OrgRole.Member), (Linus, OrgRole.Viewer) })
            {
                var added = await services.Provisioning.AddMemberAsync(Ada, organization.Id, Profile(user), role);
                Assert.True(added.IsSuccess, added.Refusal?.Reason);
            }

            return true;
        });
        return organization;
    }

    /// <summary>The services for this organization over <paramref name="store"/>.</summary>
    public OrganizationServices On(IOrganizationStore store, params IMembershipChangeObserver[] observers) => new(store, Id, Clock, observers);

    /// <summary>Runs <paramref name="action"/> with the services over a fresh scope, without faults.</summary>
    public async Task<T> InScopeAsync<T>(Func<OrganizationServices, Task<T>> action, params IMembershipChangeObserver[] observers)
    {
        await using var scope = _fixture.OpenScope();
        return await action(On(scope.Store, observers));
    }

    /// <summary>The organization as it is now, read through a fresh scope.</summary>
    public Task<IReadOnlyList<string>> ProjectAsync() => InScopeAsync(services => OrganizationProjection.CaptureAsync(services.Store, Id));

    private static User Profile(UserId id) => new(id, $"{id.Value}@example.com", id.Value);
}
