using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A store whose snapshots count every Admin as active, deactivated ones too: a plausible slip in a
/// hand-written count query. Alone, one operation at a time, it lets the last active Admin go.
/// </summary>
internal sealed class StatusBlindAdminCountStore : ForwardingStore
{
    public override async ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken) =>
        await MiscountAsync(await Inner.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken), cancellationToken);

    public override async ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken) =>
        await MiscountAsync(await Inner.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken), cancellationToken);

    private async Task<OrganizationSnapshot?> MiscountAsync(OrganizationSnapshot? snapshot, CancellationToken cancellationToken)
    {
        if (snapshot is null)
        {
            return null;
        }

        var members = await Inner.ListMembersAsync(snapshot.Organization.Id, new MemberQuery { Limit = MemberQuery.MaxLimit, Role = OrgRole.Admin }, cancellationToken);
        return snapshot with { ActiveAdminCount = members.Items.Count };
    }
}
