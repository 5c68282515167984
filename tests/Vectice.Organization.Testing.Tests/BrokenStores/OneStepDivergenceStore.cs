using System.Collections.Concurrent;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A store that is wrong for one step only: after an organization's second commit, its next members
/// list shows the first member with another role, then it reads true again. Only a check after every
/// step catches it; one at the end of a sequence would not.
/// </summary>
internal sealed class OneStepDivergenceStore : ForwardingStore
{
    private readonly ConcurrentDictionary<OrganizationId, int> _commits = new();
    private readonly ConcurrentDictionary<OrganizationId, bool> _lieOnce = new();

    public override async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        var outcome = await Inner.CommitAsync(commit, cancellationToken);
        if (outcome == CommitOutcome.Committed && _commits.AddOrUpdate(commit.Organization.Id, 1, (_, n) => n + 1) == 2)
        {
            _lieOnce[commit.Organization.Id] = true;
        }

        return outcome;
    }

    public override async ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        var page = await Inner.ListMembersAsync(organizationId, query, cancellationToken);
        if (!_lieOnce.TryRemove(organizationId, out _) || page.Items.Count == 0)
        {
            return page;
        }

        var first = page.Items[0];
        var other = first.State with { Role = first.Role == OrgRole.Viewer ? OrgRole.Member : OrgRole.Viewer };
        return page with { Items = [first.WithState(other), .. page.Items.Skip(1)] };
    }
}
