using Vectice.Organization.InMemory;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Tests.TestSupport.TestOrganization;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>
/// Races on the in-memory store, repeated so that interleavings vary. The store is wrapped so that
/// every call yields first: without it each operation would run to its end before another starts.
/// </summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Many_confirms_of_one_pending_change_apply_it_exactly_once()
    {
        var conflicts = 0;
        for (var round = 0; round < 50; round++)
        {
            var store = new YieldingStore(new InMemoryOrganizationStore());
            var org = await new TestOrganization(store).SeedAsync();
            var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).AsT0;
            using var start = new ManualResetEventSlim();

            var confirms = Enumerable.Range(0, 16)
                .Select(_ => Task.Run(async () =>
                {
                    start.Wait();
                    return await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
                }))
                .ToList();
            start.Set();
            var results = await Task.WhenAll(confirms);

            Assert.Single(results, r => r.IsSuccess);
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Applied), r.Refusal));
            Assert.Single(await org.AuditAsync(), e => e.PendingChangeId == pending.Id);
            conflicts += store.Conflicts;
        }

        Assert.True(conflicts > 0, "The confirms never raced; the test proved nothing.");
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_never_leave_the_organization_without_one()
    {
        var outcomes = new Dictionary<string, int>();
        var conflicts = 0;
        for (var round = 0; round < 200; round++)
        {
            var store = new YieldingStore(new InMemoryOrganizationStore());
            var org = await new TestOrganization(store).SeedAsync();
            var adaDemotesAlan = (await org.RoleChanges.RequestAsync(Ada, Id, Alan, round % 2 == 0 ? OrgRole.Member : OrgRole.Viewer)).AsT0;
            var alanDemotesAda = (await org.RoleChanges.RequestDeactivationAsync(Alan, Id, Ada)).AsT0;
            using var start = new ManualResetEventSlim();

            var first = Task.Run(async () => { start.Wait(); return await org.RoleChanges.ConfirmAsync(Ada, adaDemotesAlan.Id); });
            var second = Task.Run(async () => { start.Wait(); return await org.RoleChanges.ConfirmAsync(Alan, alanDemotesAda.Id); });
            start.Set();
            var results = await Task.WhenAll(first, second);

            Assert.Equal(1, await org.ActiveAdminCountAsync());
            Assert.Single(results, r => r.IsSuccess);
            var refusal = results.Single(r => !r.IsSuccess).Refusal!.Code.ToString();
            outcomes[refusal] = outcomes.GetValueOrDefault(refusal) + 1;
            conflicts += store.Conflicts;
            Assert.Single(await org.AuditAsync(), e => e.PendingChangeId is { } id && (id == adaDemotesAlan.Id || id == alanDemotesAda.Id));
        }

        // The loser is refused because the winner demoted it, never by a lost update.
        Assert.Equal([nameof(RefusalCode.NotAnActiveAdmin)], outcomes.Keys);
        Assert.True(conflicts > 0, "The confirms never raced; the test proved nothing.");
    }

    [Fact]
    public async Task A_confirm_racing_a_cancel_either_applies_or_is_refused_never_both()
    {
        var cancelsWon = 0;
        var confirmsWon = 0;
        for (var round = 0; round < 200; round++)
        {
            var store = new YieldingStore(new InMemoryOrganizationStore());
            var org = await new TestOrganization(store).SeedAsync();
            var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).AsT0;
            using var start = new ManualResetEventSlim();

            var confirm = Task.Run(async () => { start.Wait(); return await org.RoleChanges.ConfirmAsync(Ada, pending.Id); });
            var cancel = Task.Run(async () => { start.Wait(); return await org.RoleChanges.CancelAsync(Alan, pending.Id); });
            start.Set();
            var (confirmed, cancelled) = (await confirm, await cancel);

            Assert.True(confirmed.IsSuccess ^ cancelled.IsSuccess, $"confirm: {confirmed.Refusal}, cancel: {cancelled.Refusal}");
            var applied = (await org.AuditAsync()).Count(e => e.PendingChangeId == pending.Id);
            var stored = await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None);
            if (confirmed.IsSuccess)
            {
                confirmsWon++;
                Assert.Equal((1, PendingChangeStatus.Applied, OrgRole.Admin), (applied, stored!.Status, (await org.MemberAsync(Grace))!.Role));
            }
            else
            {
                cancelsWon++;
                Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Cancelled), confirmed.Refusal);
                Assert.Equal((0, PendingChangeStatus.Cancelled, OrgRole.Member), (applied, stored!.Status, (await org.MemberAsync(Grace))!.Role));
            }
        }

        Assert.True(cancelsWon > 0 && confirmsWon > 0, $"cancels won {cancelsWon}, confirms won {confirmsWon}: the race was not exercised both ways.");
    }

    [Fact]
    public async Task Writers_on_different_organizations_do_not_disturb_each_other()
    {
        var orgs = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var org = new TestOrganization();
            var id = new OrganizationId($"org-{i}");
            await org.Provisioning.CreateOrganizationAsync(id, $"Org {i}", UserFor(Ada));
            return (org, id);
        }));

        await Task.WhenAll(orgs.Select(o => Task.Run(async () =>
        {
            for (var n = 0; n < 50; n++)
            {
                var added = await o.org.Provisioning.AddMemberAsync(Ada, o.id, UserFor(new UserId($"u{n}")), OrgRole.Viewer);
                Assert.True(added.IsSuccess);
            }
        })));

        foreach (var (org, id) in orgs)
        {
            var members = (await org.Directory.ListMembersAsync(Ada, id, new() { Limit = 100 })).AsT0.Items;
            Assert.Equal(51, members.Count);
        }
    }
}
