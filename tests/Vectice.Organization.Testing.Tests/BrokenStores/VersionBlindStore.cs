using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A deliberately broken store: it skips the version check, so the last writer wins. The kit's
/// contract and race suites must catch it. (Alone, one writer at a time, it behaves like a correct
/// store: the model-based suite, which runs one operation at a time, has nothing to catch.)
/// </summary>
internal sealed class VersionBlindStore : ForwardingStore
{
    public override async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await Inner.CommitAsync(commit, cancellationToken) == CommitOutcome.Committed || commit.ExpectedVersion == 0)
            {
                return CommitOutcome.Committed;
            }

            // The bug under test: write anyway, on whatever version is there now.
            var now = await Inner.LoadSnapshotAsync(commit.Organization.Id, default, default, null, cancellationToken);
            if (now is null)
            {
                return CommitOutcome.VersionConflict;
            }

            commit = new OrganizationCommit
            {
                Organization = commit.Organization with { Version = now.Organization.Version + 1 },
                AddedMemberships = commit.AddedMemberships,
                UpdatedMemberships = commit.UpdatedMemberships,
                AddedPendingChange = commit.AddedPendingChange,
                UpdatedPendingChange = commit.UpdatedPendingChange,
                AuditEntries = commit.AuditEntries,
                RemovedPendingChanges = commit.RemovedPendingChanges,
            };
        }
    }
}
