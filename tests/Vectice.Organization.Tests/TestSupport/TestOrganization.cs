using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// A seeded organization on a store with a fake clock: two Admins (ada, alan), a Member (grace),
/// a Viewer (linus) and a deactivated Member (ken), and the services over them.
/// </summary>
internal sealed class TestOrganization
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public TestOrganization(IOrganizationStore? store = null, ILoggerFactory? loggers = null, VecticeOrganizationOptions? options = null)
    {
        Store = store ?? new InMemoryOrganizationStore();
        var logs = loggers ?? NullLoggerFactory.Instance;
        var validated = Options.Create(options ?? new VecticeOrganizationOptions());
        RoleChanges = new RoleChangeService(Store, validated, Clock, logs.CreateLogger<RoleChangeService>());
        Provisioning = new ProvisioningService(Store, validated, Clock, logs.CreateLogger<ProvisioningService>());
        Directory = new OrganizationDirectory(Store, validated, logs.CreateLogger<OrganizationDirectory>());
        Settings = new OrganizationSettingsService(Store, validated, Clock, logs.CreateLogger<OrganizationSettingsService>());
    }

    public static OrganizationId Id { get; } = new("acme");

    public static UserId Ada { get; } = new("ada");

    public static UserId Alan { get; } = new("alan");

    public static UserId Grace { get; } = new("grace");

    public static UserId Linus { get; } = new("linus");

    public static UserId Ken { get; } = new("ken");

    public static UserId Stranger { get; } = new("stranger");

    public FakeTimeProvider Clock { get; } = new(Start);

    public IOrganizationStore Store { get; }

    public RoleChangeService RoleChanges { get; }

    public ProvisioningService Provisioning { get; }

    public OrganizationDirectory Directory { get; }

    public OrganizationSettingsService Settings { get; }

    public static User UserFor(UserId id) => new(id, $"{id.Value}@example.com", $"{char.ToUpperInvariant(id.Value[0])}{id.Value[1..]} Test");

    /// <summary>Creates the seeded organization and returns this, for chaining.</summary>
    public async Task<TestOrganization> SeedAsync()
    {
        (await Provisioning.CreateOrganizationAsync(Id, "Acme Corp", UserFor(Ada))).GetValueOrThrow();
        await AddAsync(Alan, OrgRole.Admin);
        await AddAsync(Grace, OrgRole.Member);
        await AddAsync(Linus, OrgRole.Viewer);
        await AddAsync(Ken, OrgRole.Member);
        await ApplyAsync(RoleChanges.RequestDeactivationAsync(Ada, Id, Ken));
        return this;
    }

    public async Task AddAsync(UserId user, OrgRole role)
    {
        var added = await Provisioning.AddMemberAsync(Ada, Id, UserFor(user), role);
        Assert.True(added.IsSuccess, added.Refusal?.Reason);
    }

    /// <summary>Requests and confirms as the requester, asserting that both succeed.</summary>
    public async Task<AppliedChange> ApplyAsync(ValueTask<RequestChangeResult> request)
    {
        var requested = await request;
        Assert.True(requested.TryGetValue(out var pending, out var refusal), refusal?.Reason);
        var confirmed = await RoleChanges.ConfirmAsync(pending.RequestedBy, pending.Id);
        Assert.True(confirmed.TryGetValue(out var applied, out refusal), refusal?.Reason);
        return applied;
    }

    public async Task<Membership?> MemberAsync(UserId user) =>
        await Store.FindMembershipAsync(Id, user, CancellationToken.None);

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        var page = await Store.ListAuditEntriesAsync(Id, new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None);
        return page.Items;
    }

    public async Task<IReadOnlyList<Membership>> MembersAsync()
    {
        var page = await Store.ListMembersAsync(Id, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None);
        return page.Items;
    }

    public async Task<int> ActiveAdminCountAsync() =>
        (await Store.LoadSnapshotAsync(Id, Ada, Ada, null, CancellationToken.None))!.ActiveAdminCount;
}
