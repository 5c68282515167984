using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A store that forgets the four-eyes policy a change was requested under (a column left out of a
/// mapping): every pending change comes back as requested without four-eyes.
/// </summary>
internal sealed class FourEyesForgettingStore : ForwardingStore
{
    public override ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken) =>
        Inner.CommitAsync(commit with { AddedPendingChange = commit.AddedPendingChange is { } added ? added with { FourEyesAtRequest = FourEyesPolicy.Off } : null }, cancellationToken);
}
