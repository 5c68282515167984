using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A store that loses four-eyes where a confirm reads it: the snapshot of a pending change shows the
/// organization without four-eyes and the change as requested without it. To the SDK that is a
/// weakened four-eyes check: the requester of an Admin grant may confirm it alone.
/// </summary>
internal sealed class FourEyesBlindStore : ForwardingStore
{
    public override async ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        var snapshot = await Inner.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken);
        return snapshot is null ? null : snapshot with
        {
            Organization = snapshot.Organization with { Settings = snapshot.Organization.Settings with { FourEyes = FourEyesPolicy.Off } },
            PendingChange = snapshot.PendingChange! with { FourEyesAtRequest = FourEyesPolicy.Off },
        };
    }
}
