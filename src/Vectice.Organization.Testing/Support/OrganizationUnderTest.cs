using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.Stores;
using Xunit;

namespace Vectice.Organization.Testing;

/// <summary>
/// The services over one scope's store, for one organization with a fresh id, on a fake clock.
/// <see cref="On"/> gives the same organization through another scope.
/// </summary>
internal sealed class OrganizationUnderTest
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    // Races retry more than a host would, so that only a real fault surfaces as ConcurrencyConflict.
    private static readonly IOptions<VecticeOrganizationOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions { MaxAttempts = 50 });

    private OrganizationUnderTest(IOrganizationStore store, OrganizationId id, FakeTimeProvider clock)
    {
        Store = store;
        Id = id;
        Clock = clock;
        RoleChanges = new RoleChangeService(store, Options, clock);
        Provisioning = new ProvisioningService(store, Options, clock);
        Directory = new OrganizationDirectory(store, Options);
        Settings = new OrganizationSettingsService(store, Options, clock);
    }

    /// <summary>How long the pending changes of these services live.</summary>
    public static TimeSpan TimeToLive => Options.Value.PendingChangeTimeToLive;

    public static UserId Ada { get; } = new("ada");

    public static UserId Alan { get; } = new("alan");

    public static UserId Grace { get; } = new("grace");

    public static UserId Linus { get; } = new("linus");

    public static UserId Stranger { get; } = new("stranger");

    public OrganizationId Id { get; }

    public FakeTimeProvider Clock { get; }

    public IOrganizationStore Store { get; }

    public RoleChangeService RoleChanges { get; }

    public ProvisioningService Provisioning { get; }

    public OrganizationDirectory Directory { get; }

    public OrganizationSettingsService Settings { get; }

    public static OrganizationUnderTest Create(IOrganizationStore store) =>
        new(store, new OrganizationId($"kit-{Guid.NewGuid():N}"), new FakeTimeProvider(Start));

    public static User Profile(UserId id) => new(id, $"{id.Value}@example.com", $"{id.Value} (test)");

    /// <summary>The same organization and clock through another scope's store.</summary>
    public OrganizationUnderTest On(IOrganizationStore store) => new(store, Id, Clock);

    /// <summary>Ada and Alan (Admins), Grace (Member), Linus (Viewer).</summary>
    public async Task<OrganizationUnderTest> SeedAsync()
    {
        (await Provisioning.CreateOrganizationAsync(Id, "Kit Org", Profile(Ada)).ConfigureAwait(false)).GetValueOrThrow();
        await AddAsync(Alan, OrgRole.Admin).ConfigureAwait(false);
        await AddAsync(Grace, OrgRole.Member).ConfigureAwait(false);
        await AddAsync(Linus, OrgRole.Viewer).ConfigureAwait(false);
        return this;
    }

    public async Task AddAsync(UserId user, OrgRole role)
    {
        var added = await Provisioning.AddMemberAsync(Ada, Id, Profile(user), role).ConfigureAwait(false);
        Assert.True(added.IsSuccess, added.Refusal?.Reason);
    }

    public async Task<PendingChange> RequestAsync(UserId actor, UserId target, OrgRole role)
    {
        var requested = await RoleChanges.RequestAsync(actor, Id, target, role).ConfigureAwait(false);
        Assert.True(requested.TryGetValue(out var pending, out var refusal), refusal?.Reason);
        return pending;
    }

    public async Task<Membership?> MemberAsync(UserId user) =>
        await Store.FindMembershipAsync(Id, user, CancellationToken.None).ConfigureAwait(false);

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        var page = await Store.ListAuditEntriesAsync(Id, new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None).ConfigureAwait(false);
        return page.Items;
    }

    public async Task<int> ActiveAdminsAsync() =>
        (await Store.LoadSnapshotAsync(Id, Ada, Ada, null, CancellationToken.None).ConfigureAwait(false))!.ActiveAdminCount;
}
