using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// The SDK over the store under test, driven with the same operations as the
/// <see cref="ReferenceModel"/>: users are numbered (u0, and u1 when two found it, founded the
/// organization), pending changes are taken by their position in request order, and after each
/// operation the observable state is read back from the store so that it can be compared with the model.
/// </summary>
internal sealed class StoreUnderModel : IAsyncDisposable
{
    private readonly StoreScope _scope;
    private readonly Action _counted;
    private readonly List<PendingChangeId> _changes = [];

    private StoreUnderModel(StoreScope scope, OrganizationUnderTest organization, Action counted)
    {
        _scope = scope;
        _counted = counted;
        Organization = organization;
    }

    public OrganizationUnderTest Organization { get; }

    public Dictionary<int, MembershipState> Members { get; private set; } = [];

    public List<string> Statuses { get; private set; } = [];

    public int AuditEntries { get; private set; }

    public int ActiveAdmins { get; private set; }

    public OrganizationSettings Settings { get; private set; }

    public string LastOutcome { get; private set; } = "ok";

    /// <summary>Founds a fresh organization (u0, and u1 with two founders); <paramref name="counted"/> is called for each operation.</summary>
    public static async Task<StoreUnderModel> CreateAsync(StoreScope scope, OrganizationSettings settings, int founders, Action counted)
    {
        var organization = OrganizationUnderTest.Create(scope.Store);
        var actual = new StoreUnderModel(scope, organization, counted);
        var coFounders = Enumerable.Range(1, founders - 1).Select(u => OrganizationUnderTest.Profile(User(u))).ToArray();
        await actual.RecordAsync(async () => (await organization.Provisioning.CreateOrganizationAsync(
            organization.Id, "Model", OrganizationUnderTest.Profile(User(0)), settings, coFounders)).Refusal);
        return actual;
    }

    public static UserId User(int number) => new($"u{number}");

    public Task AddMemberAsync(int actor, int user, OrgRole role) =>
        RecordAsync(async () => (await Organization.Provisioning.AddMemberAsync(User(actor), Organization.Id, OrganizationUnderTest.Profile(User(user)), role)).Refusal);

    public Task RequestAsync(int actor, int target, ChangeKind kind, OrgRole role) => RecordAsync(async () =>
    {
        var roleChanges = Organization.RoleChanges;
        var requested = kind switch
        {
            ChangeKind.Deactivate => await roleChanges.RequestDeactivationAsync(User(actor), Organization.Id, User(target)),
            ChangeKind.Reactivate => await roleChanges.RequestReactivationAsync(User(actor), Organization.Id, User(target)),
            _ => await roleChanges.RequestAsync(User(actor), Organization.Id, User(target), role),
        };
        return Remember(requested.TryGetValue(out var pending, out var refusal) ? pending : null, refusal);
    });

    public Task RequestBulkAsync(int actor, IReadOnlyList<int> targets, OrgRole role) => RecordAsync(async () =>
    {
        var requested = await Organization.RoleChanges.RequestBulkAsync(User(actor), Organization.Id, [.. targets.Select(User)], role);
        return Remember(requested.TryGetValue(out var pending, out var refusal) ? pending : null, refusal);
    });

    public Task ChangeSettingsAsync(int actor, OrganizationSettings settings) =>
        RecordAsync(async () => (await Organization.Settings.ChangeAsync(User(actor), Organization.Id, settings)).Refusal);

    public Task RequestSettingsAsync(int actor, OrganizationSettings settings) => RecordAsync(async () =>
    {
        var requested = await Organization.Settings.RequestChangeAsync(User(actor), Organization.Id, settings);
        return Remember(requested.TryGetValue(out var pending, out var refusal) ? pending : null, refusal);
    });

    public Task ConfirmAsync(int actor, int index) =>
        RecordAsync(async () => (await Organization.RoleChanges.ConfirmAsync(User(actor), Change(index))).Refusal);

    public Task CancelAsync(int actor, int index) =>
        RecordAsync(async () => (await Organization.RoleChanges.CancelAsync(User(actor), Change(index))).Refusal);

    public Task PurgeAsync(int actor) => RecordAsync(async () =>
    {
        var purged = await Organization.RoleChanges.PurgeExpiredAsync(User(actor), Organization.Id);
        return purged.TryGetValue(out var count, out var refusal) ? $"purged {count}" : refusal.Code.ToString();
    });

    public Task AdvanceAsync(TimeSpan by)
    {
        _counted();
        Organization.Clock.Advance(by);
        LastOutcome = "ok";
        return Task.CompletedTask;
    }

    /// <summary>The same observable state as the model, and the invariants: the active Admins the settings require (a second pair of eyes under four-eyes).</summary>
    public bool Matches(ReferenceModel model) =>
        LastOutcome == model.LastOutcome
        && AuditEntries == model.AuditEntries
        && Statuses.SequenceEqual(model.Changes.Select(c => c.Status))
        && Members.Count == model.Members.Count
        && Members.All(m => model.Members.TryGetValue(m.Key, out var state) && state == m.Value)
        && (Members.Count == 0 || ActiveAdmins >= model.AdminsRequired)
        && ActiveAdmins == model.ActiveAdmins
        && Settings == model.Settings;

    public override string ToString() =>
        $"settings {Settings}; members {string.Join(", ", Members.OrderBy(m => m.Key).Select(m => $"u{m.Key}: {m.Value}"))}; " +
        $"changes {string.Join(", ", Statuses)}; audit {AuditEntries}; last {LastOutcome}";

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    /// <summary>Keeps a requested change's id, for later confirms and cancels to pick from.</summary>
    private string? Remember(PendingChange? pending, Refusal? refusal)
    {
        if (pending is not null)
        {
            _changes.Add(pending.Id);
        }

        return refusal?.Code.ToString();
    }

    private PendingChangeId Change(int index) => _changes.Count == 0 ? PendingChangeId.New(Organization.Id) : _changes[index % _changes.Count];

    private Task RecordAsync(Func<Task<Refusal?>> operation) => RecordAsync(async () => (await operation()) is { } refusal ? refusal.Code.ToString() : null);

    private async Task RecordAsync(Func<Task<string?>> operation)
    {
        _counted();
        LastOutcome = await operation() ?? "ok";
        await ObserveAsync();
    }

    /// <summary>
    /// Reads back members, settings, the changes in any status (which tells purged ones, gone, from the
    /// others), the open ones, and the audit trail (which tells applied from cancelled).
    /// </summary>
    private async Task ObserveAsync()
    {
        var store = Organization.Store;
        var id = Organization.Id;
        var none = CancellationToken.None;
        var members = (await store.ListMembersAsync(id, new MemberQuery { Limit = MemberQuery.MaxLimit }, none)).Items;
        var kept = (await store.ListExpiredPendingChangesAsync(id, DateTimeOffset.MaxValue, PendingChangeQuery.MaxLimit, none)).ToHashSet();
        var open = (await store.ListPendingChangesAsync(id, new PendingChangeQuery { Limit = PendingChangeQuery.MaxLimit }, none)).Items.Select(c => c.Id).ToHashSet();
        var audit = await Organization.AuditAsync();
        var applied = audit.Where(e => e.PendingChangeId is not null).Select(e => e.PendingChangeId!.Value).ToHashSet();

        Members = members.ToDictionary(m => int.Parse(m.UserId.Value[1..], System.Globalization.CultureInfo.InvariantCulture), m => m.State);
        var snapshot = await store.LoadSnapshotAsync(id, User(0), User(0), null, none);
        ActiveAdmins = snapshot?.ActiveAdminCount ?? 0;
        Settings = snapshot?.Organization.Settings ?? default;
        AuditEntries = audit.Count;
        Statuses = _changes
            .Select(c => !kept.Contains(c) ? "Purged" : open.Contains(c) ? "Pending" : applied.Contains(c) ? "Applied" : "Cancelled")
            .ToList();
    }
}
