using Vectice.Organization.Stores;
using Vectice.Organization.Testing.Tests;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// A store (a new in-memory one, unless given another) that loses races on demand: commits that
/// conflict, and a commit between a member list and the version read after it. Unlike the kit's
/// racing store, it loses when told to, not by chance.
/// </summary>
internal sealed class LosingStore(IOrganizationStore? inner = null) : ForwardingStore(inner)
{
    /// <summary>How many of the next commits report a version conflict (and write nothing).</summary>
    public int CommitConflicts { get; set; }

    /// <summary>Run once after the next member list, before it returns: a commit that comes between the read and its version check.</summary>
    public Func<Task>? CommitAfterListing { get; set; }

    public override ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        if (CommitConflicts > 0)
        {
            CommitConflicts--;
            return new(CommitOutcome.VersionConflict);
        }

        return base.CommitAsync(commit, cancellationToken);
    }

    public override async ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        var page = await base.ListMembersAsync(organizationId, query, cancellationToken);
        if (CommitAfterListing is { } commit)
        {
            CommitAfterListing = null;
            await commit();
        }

        return page;
    }
}
