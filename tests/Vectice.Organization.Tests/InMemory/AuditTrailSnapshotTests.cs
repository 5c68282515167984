using Snapshooter.Xunit;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.InMemory;

public sealed class AuditTrailSnapshotTests
{
    [Fact]
    public async Task The_trail_of_a_working_day_matches_the_approved_snapshot()
    {
        var org = await Acme.SeedAsync();
        org.Clock.Advance(TimeSpan.FromHours(1));
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));
        var cancelled = (await org.RoleChanges.RequestAsync(Grace, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        await org.RoleChanges.CancelAsync(Ada, cancelled.Id);
        org.Clock.Advance(TimeSpan.FromMinutes(5));
        await org.ApplyAsync(org.RoleChanges.RequestReactivationAsync(Grace, Id, Ken));
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Grace, Id, Ada, OrgRole.Viewer));

        // Pending change ids are random; the snapshot records only whether one is linked.
        var trail = (await org.AuditAsync()).Select(e => new
        {
            e.Sequence,
            At = e.At.ToString("O"),
            Actor = e.Actor.Value,
            Action = e.Action.ToString(),
            Target = e.Target.Value,
            Before = e.Before?.ToString(),
            After = e.After.ToString(),
            Confirmed = e.PendingChangeId is not null,
        });
        Snapshot.Match(trail);
    }
}
