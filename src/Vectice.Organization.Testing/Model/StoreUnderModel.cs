using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// The SDK over the store under test, driven with the same operations as the
/// <see cref="ReferenceModel"/>: users are numbered (u0 founded the organization), pending changes
/// are taken by their position in request order, and after each operation the observable state is
/// read back from the store so that it can be compared with the model.
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

    public List<PendingChangeStatus> Statuses { get; private set; } = [];

    public int AuditEntries { get; private set; }

    public int ActiveAdmins { get; private set; }

    public OrganizationSettings Settings { get; private set; }

    public string LastOutcome { get; private set; } = "created";

    /// <summary>Founds a fresh organization (u0 its Admin); <paramref name="counted"/> is called for each operation.</summary>
    public static async Task<StoreUnderModel> CreateAsync(StoreScope scope, Action counted)
    {
        var organization = OrganizationUnderTest.Create(scope.Store);
        Require((await organization.Provisioning.CreateOrganizationAsync(organization.Id, "Model", OrganizationUnderTest.Profile(User(0)))).IsSuccess);
        var actual = new StoreUnderModel(scope, organization, counted);
        await actual.ObserveAsync();
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
        return Remember(requested);
    });

    public Task RequestBulkAsync(int actor, IReadOnlyList<int> targets, OrgRole role) => RecordAsync(async () =>
        Remember(await Organization.RoleChanges.RequestBulkAsync(User(actor), Organization.Id, [.. targets.Select(User)], role)));

    public Task ChangeSettingsAsync(int actor, OrganizationSettings settings) =>
        RecordAsync(async () => (await Organization.Settings.ChangeAsync(User(actor), Organization.Id, settings)).Refusal);

    public Task ConfirmAsync(int actor, int index) =>
        RecordAsync(async () => (await Organization.RoleChanges.ConfirmAsync(User(actor), Change(index))).Refusal);

    public Task CancelAsync(int actor, int index) =>
        RecordAsync(async () => (await Organization.RoleChanges.CancelAsync(User(actor), Change(index))).Refusal);

    public Task AdvanceAsync(TimeSpan by)
    {
        _counted();
        Organization.Clock.Advance(by);
        LastOutcome = "ok";
        return Task.CompletedTask;
    }

    /// <summary>The same observable state as the model, and every invariant of the SDK.</summary>
    public bool Matches(ReferenceModel model) =>
        LastOutcome == model.LastOutcome
        && AuditEntries == model.AuditEntries
        && Statuses.SequenceEqual(model.Changes.Select(c => c.Status))
        && Members.Count == model.Members.Count
        && Members.All(m => model.Members.TryGetValue(m.Key, out var state) && state == m.Value)
        && ActiveAdmins >= model.Settings.MinimumActiveAdmins
        && ActiveAdmins == model.ActiveAdmins
        && Settings == model.Settings;

    public override string ToString() =>
        $"settings {Settings}; members {string.Join(", ", Members.OrderBy(m => m.Key).Select(m => $"u{m.Key}: {m.Value}"))}; " +
        $"changes {string.Join(", ", Statuses)}; audit {AuditEntries}; last {LastOutcome}";

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The model's initial organization could not be created.");
        }
    }

    /// <summary>Keeps a requested change's id, for later confirms and cancels to pick from.</summary>
    private Refusal? Remember(RequestChangeResult requested)
    {
        if (requested.TryGetValue(out var pending, out var refusal))
        {
            _changes.Add(pending.Id);
        }

        return refusal;
    }

    private PendingChangeId Change(int index) => _changes.Count == 0 ? PendingChangeId.New() : _changes[index % _changes.Count];

    private async Task RecordAsync(Func<Task<Refusal?>> operation)
    {
        _counted();
        var refusal = await operation();
        LastOutcome = refusal?.Code.ToString() ?? "ok";
        await ObserveAsync();
    }

    /// <summary>Reads back members, open changes and the audit trail (which tells applied from cancelled).</summary>
    private async Task ObserveAsync()
    {
        var store = Organization.Store;
        var members = (await store.ListMembersAsync(Organization.Id, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None)).Items;
        var open = (await store.ListPendingChangesAsync(Organization.Id, new PendingChangeQuery { Limit = PendingChangeQuery.MaxLimit }, CancellationToken.None)).Items
            .Select(c => c.Id).ToHashSet();
        var audit = await Organization.AuditAsync();
        var applied = audit.Where(e => e.PendingChangeId is not null).Select(e => e.PendingChangeId!.Value).ToHashSet();

        Members = members.ToDictionary(m => int.Parse(m.UserId.Value[1..], System.Globalization.CultureInfo.InvariantCulture), m => m.State);
        var snapshot = (await store.LoadSnapshotAsync(Organization.Id, User(0), User(0), null, CancellationToken.None))!;
        ActiveAdmins = snapshot.ActiveAdminCount;
        Settings = snapshot.Organization.Settings;
        AuditEntries = audit.Count;
        Statuses = _changes
            .Select(id => open.Contains(id) ? PendingChangeStatus.Pending : applied.Contains(id) ? PendingChangeStatus.Applied : PendingChangeStatus.Cancelled)
            .ToList();
    }
}
