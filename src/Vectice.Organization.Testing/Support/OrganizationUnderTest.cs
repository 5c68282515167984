using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// The SDK's services over one store, for one organization, on a fake clock that starts at
/// <see cref="Start"/>: what the kit's suites drive a store through, and what a host's or a store
/// author's own tests can drive it through too, with the same people and the same checks.
/// <see cref="SeedAsync"/> creates the organization with Ada and Alan (Admins), Grace (Member) and Linus
/// (Viewer); <see cref="On"/> gives the same organization through another scope's store.
/// </summary>
public sealed class OrganizationUnderTest
{
    // Races retry more than a host would, so that only a real fault surfaces as ConcurrencyConflict.
    private static readonly VecticeOrganizationOptions RaceOptions = new() { MaxAttempts = 50 };

    private readonly VecticeOrganizationOptions _options;
    private readonly ILoggerFactory _loggers;

    private OrganizationUnderTest(IOrganizationStore store, OrganizationId id, FakeTimeProvider clock, VecticeOrganizationOptions options, ILoggerFactory loggers)
    {
        Store = store;
        Id = id;
        Clock = clock;
        (_options, _loggers) = (options, loggers);
        var validated = Options.Create(options);
        RoleChanges = new RoleChangeService(store, validated, clock, loggers.CreateLogger<RoleChangeService>());
        Provisioning = new ProvisioningService(store, validated, clock, loggers.CreateLogger<ProvisioningService>());
        Directory = new OrganizationDirectory(store, validated, loggers.CreateLogger<OrganizationDirectory>());
        Settings = new OrganizationSettingsService(store, validated, clock, loggers.CreateLogger<OrganizationSettingsService>());
    }

    /// <summary>When the fake clock starts.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An Admin, the founder.</summary>
    public static UserId Ada { get; } = new("ada");

    /// <summary>An Admin.</summary>
    public static UserId Alan { get; } = new("alan");

    /// <summary>A Member.</summary>
    public static UserId Grace { get; } = new("grace");

    /// <summary>A Viewer.</summary>
    public static UserId Linus { get; } = new("linus");

    /// <summary>Someone who is not a member.</summary>
    public static UserId Stranger { get; } = new("stranger");

    /// <summary>The organization.</summary>
    public OrganizationId Id { get; }

    /// <summary>The services' clock: advance it to expire pending changes.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The store under test.</summary>
    public IOrganizationStore Store { get; }

    /// <summary>Role changes over <see cref="Store"/>.</summary>
    public RoleChangeService RoleChanges { get; }

    /// <summary>Organizations and members over <see cref="Store"/>.</summary>
    public ProvisioningService Provisioning { get; }

    /// <summary>The directory over <see cref="Store"/>.</summary>
    public OrganizationDirectory Directory { get; }

    /// <summary>Settings over <see cref="Store"/>.</summary>
    public OrganizationSettingsService Settings { get; }

    /// <summary>How long the pending changes of the kit's own organizations live.</summary>
    internal static TimeSpan TimeToLive => RaceOptions.PendingChangeTimeToLive;

    /// <summary>The services over <paramref name="store"/>, for an organization that <see cref="SeedAsync"/> creates.</summary>
    /// <param name="store">The store under test.</param>
    /// <param name="id">The organization's id; a fresh one (<c>kit-…</c>) when <see langword="null"/>, so that tests on one store keep apart.</param>
    /// <param name="options">The services' options; when <see langword="null"/>, the defaults with 50 attempts, so that only a real fault surfaces as a conflict in a race.</param>
    /// <param name="loggers">Where the services log; nowhere when <see langword="null"/>.</param>
    /// <returns>The organization under test, not created yet.</returns>
    public static OrganizationUnderTest Create(IOrganizationStore store, OrganizationId? id = null, VecticeOrganizationOptions? options = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new(store, id ?? new OrganizationId($"kit-{Guid.NewGuid():N}"), new FakeTimeProvider(Start), options ?? RaceOptions, loggers ?? NullLoggerFactory.Instance);
    }

    /// <summary>The profile the harness gives a user: <c>ada@example.com</c>, "ada (test)".</summary>
    /// <param name="id">The user.</param>
    /// <returns>The profile.</returns>
    public static User Profile(UserId id) => new(id, $"{id.Value}@example.com", $"{id.Value} (test)");

    /// <summary>The same organization, clock, options and loggers through another scope's store.</summary>
    /// <param name="store">The other scope's store.</param>
    /// <returns>The organization through <paramref name="store"/>.</returns>
    public OrganizationUnderTest On(IOrganizationStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new(store, Id, Clock, _options, _loggers);
    }

    /// <summary>Creates the organization ("Kit Org", founded by Ada) with Alan (Admin), Grace (Member) and Linus (Viewer).</summary>
    /// <returns>This, for chaining.</returns>
    public async Task<OrganizationUnderTest> SeedAsync()
    {
        (await Provisioning.CreateOrganizationAsync(Id, "Kit Org", Profile(Ada)).ConfigureAwait(false)).GetValueOrThrow();
        await AddAsync(Alan, OrgRole.Admin).ConfigureAwait(false);
        await AddAsync(Grace, OrgRole.Member).ConfigureAwait(false);
        await AddAsync(Linus, OrgRole.Viewer).ConfigureAwait(false);
        return this;
    }

    /// <summary>Adds <paramref name="user"/> as Ada, failing with the refusal's reason if refused.</summary>
    /// <param name="user">The new member.</param>
    /// <param name="role">Their role.</param>
    /// <returns>When added.</returns>
    /// <exception cref="ArgumentException">An argument is default or undefined; thrown before a task is returned.</exception>
    public Task AddAsync(UserId user, OrgRole role)
    {
        UserId.ThrowIfDefault(user);
        ThrowIfUndefined(role);
        return AddCoreAsync(user, role);
    }

    /// <summary>Requests a role change, failing with the refusal's reason if refused.</summary>
    /// <param name="actor">Who requests.</param>
    /// <param name="target">Whose role.</param>
    /// <param name="role">The new role.</param>
    /// <returns>The pending change.</returns>
    /// <exception cref="ArgumentException">An argument is default or undefined; thrown before a task is returned.</exception>
    public Task<PendingChange> RequestAsync(UserId actor, UserId target, OrgRole role)
    {
        UserId.ThrowIfDefault(actor);
        UserId.ThrowIfDefault(target);
        ThrowIfUndefined(role);
        return RequestCoreAsync(actor, target, role);
    }

    /// <summary>Awaits a request, then confirms it as its requester, failing with the refusal's reason if either is refused.</summary>
    /// <param name="request">A request of <see cref="RoleChanges"/>.</param>
    /// <returns>The applied change.</returns>
    public async Task<AppliedChange> ApplyAsync(ValueTask<RequestChangeResult> request)
    {
        var pending = (await request.ConfigureAwait(false)).GetValueOrThrow();
        return (await RoleChanges.ConfirmAsync(pending.RequestedBy, pending.Id).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>Reads a membership straight from the store.</summary>
    /// <param name="user">Whose.</param>
    /// <returns>The membership, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is default; thrown before a task is returned.</exception>
    public Task<Membership?> MemberAsync(UserId user)
    {
        UserId.ThrowIfDefault(user);
        return Store.FindMembershipAsync(Id, user, CancellationToken.None).AsTask();
    }

    /// <summary>Reads the members straight from the store (up to <see cref="PageQuery{T}.MaxLimit"/>).</summary>
    /// <returns>The members, by id.</returns>
    public async Task<IReadOnlyList<Membership>> MembersAsync() =>
        (await Store.ListMembersAsync(Id, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None).ConfigureAwait(false)).Items;

    /// <summary>Reads the audit trail straight from the store (up to <see cref="PageQuery{T}.MaxLimit"/> entries).</summary>
    /// <returns>The entries, in sequence.</returns>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync() =>
        (await Store.ListAuditEntriesAsync(Id, new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None).ConfigureAwait(false)).Items;

    /// <summary>Counts the active Admins, as the store's snapshot does.</summary>
    /// <returns>How many.</returns>
    public async Task<int> ActiveAdminsAsync() =>
        (await Store.LoadSnapshotAsync(Id, Ada, Ada, null, CancellationToken.None).ConfigureAwait(false))!.ActiveAdminCount;

    private static void ThrowIfUndefined(OrgRole role, [CallerArgumentExpression(nameof(role))] string? paramName = null)
    {
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(paramName, role, "Not a defined role.");
        }
    }

    private async Task AddCoreAsync(UserId user, OrgRole role) =>
        (await Provisioning.AddMemberAsync(Ada, Id, Profile(user), role).ConfigureAwait(false)).GetValueOrThrow();

    private async Task<PendingChange> RequestCoreAsync(UserId actor, UserId target, OrgRole role) =>
        (await RoleChanges.RequestAsync(actor, Id, target, role).ConfigureAwait(false)).GetValueOrThrow();
}
