namespace Vectice.Organization.Stores;

/// <summary>A page request over an organization's open pending changes, ordered by id; for its active Admins.</summary>
public sealed record PendingChangeQuery : PageQuery<PendingChange>
{
    /// <summary>The letter of a pending changes list's cursors.</summary>
    internal const char Letter = 'p';

    /// <summary>A page of 50 changes from the start.</summary>
    public PendingChangeQuery()
        : base(50)
    {
    }

    /// <summary>
    /// For stores: the GUID of the pending change to start after, read from <see cref="PageQuery{T}.After"/>;
    /// none from the start. The next page begins with the first change whose id orders after it
    /// (<see cref="PendingChangeId.CompareTo"/>).
    /// </summary>
    public Guid? AfterId => After is { } cursor ? Guid.ParseExact(cursor.Key, "N") : null;

    /// <inheritdoc />
    private protected override char List => Letter;

    /// <inheritdoc />
    internal override string Operation => OperationNames.ListPendingChanges;

    /// <inheritdoc />
    public override PageCursor CursorAfter(PendingChange item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return PageCursor.Create(Letter, item.Id.Value.ToString("N"));
    }

    /// <inheritdoc />
    internal override Refusal? MayRead(OrganizationId organizationId, Membership? reader) => MembershipRules.RequireActiveAdmin(organizationId, reader);

    /// <inheritdoc />
    internal override ValueTask<Page<PendingChange>> ReadAsync(IOrganizationStore store, OrganizationId organizationId, CancellationToken cancellationToken) =>
        store.ListPendingChangesAsync(organizationId, this, cancellationToken);
}
