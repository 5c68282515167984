using Vectice.Organization.Testing;
using CsCheck;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Security;

/// <summary>
/// Invariant 7 as a property: under four-eyes, whatever one Admin does alone, in any order (add members,
/// request, bulk, confirm (their own requests, or another Admin's drafts from before four-eyes), cancel,
/// change settings or request a change of them, purge, let time pass),
/// nobody becomes an active Admin, four-eyes never drops below the strongest it reached, and the
/// organization keeps two active Admins. CsCheck shrinks a failure to the shortest sequence.
/// </summary>
public sealed class OneAdminAloneTests
{
    private static readonly UserId[] Users = [Ada, Alan, Grace, Linus, Ken, new("cy"), new("dee")];

    [Fact]
    public async Task Whatever_one_admin_does_alone_under_four_eyes_makes_no_admin_and_weakens_nothing()
    {
        var policy = Gen.Int[1, 2].Select(p => (FourEyesPolicy)p);
        var alone = Gen.Bool.Select(b => b ? Ada : Alan);
        var step = Gen.Select(Gen.Int[0, 9], Gen.Int[0, Users.Length - 1], Gen.Int[1, 3], Gen.Int[0, 7], Gen.Int[0, 2]);

        await Gen.Select(policy, alone, step.Array[1, 25]).SampleAsync(
            async (fourEyes, actor, steps) =>
            {
                var org = await Acme.SeedAsync();
                await org.AddAsync(new UserId("cy"), OrgRole.Admin);

                // Alan's drafts: two from before four-eyes, one (not guarded yet) from under AdminGrants.
                var pending = new List<PendingChangeId>
                {
                    (await org.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Admin)).GetValueOrThrow().Id,
                    (await org.RoleChanges.RequestReactivationAsync(Alan, Id, Ken)).GetValueOrThrow().Id,
                };
                (await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants))).GetValueOrThrow();
                pending.Add((await org.RoleChanges.RequestAsync(Alan, Id, new UserId("cy"), OrgRole.Member)).GetValueOrThrow().Id);
                (await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(false, false, fourEyes))).GetValueOrThrow();

                var admins = await ActiveAdminsAsync(org);
                var strongest = fourEyes;
                var frozen = strongest == FourEyesPolicy.AllChanges ? await StatesAsync(org) : null;
                foreach (var (kind, user, role, pick, policyNumber) in steps)
                {
                    await ActAloneAsync(org, actor, pending, kind, Users[user], (OrgRole)role, pick, new OrganizationSettings(pick % 2 == 0, pick > 3, (FourEyesPolicy)policyNumber));
                    var now = (await org.Store.LoadSnapshotAsync(Id, Ada, Ada, null, default))!.Organization.Settings.FourEyes;
                    var active = await ActiveAdminsAsync(org);
                    Assert.True(now >= strongest, $"{actor} alone weakened four-eyes from {strongest} to {now}");
                    Assert.True(active.IsSubsetOf(admins), $"{actor} alone made {string.Join(", ", active.Except(admins))} an active Admin");
                    Assert.True(active.Count >= 2, "fewer than two active Admins under four-eyes");
                    if (frozen is not null)
                    {
                        // Under AllChanges every change of a member needs a second Admin: none happens alone.
                        var states = await StatesAsync(org);
                        Assert.True(frozen.All(m => states[m.Key] == m.Value), $"{actor} alone changed a member under AllChanges");
                    }

                    strongest = now > strongest ? now : strongest;
                    frozen ??= strongest == FourEyesPolicy.AllChanges ? await StatesAsync(org) : null;
                }
            },
            iter: ModelIterations.Scaled(300));
    }

    private static async Task ActAloneAsync(OrganizationUnderTest org, UserId actor, List<PendingChangeId> pending, int kind, UserId user, OrgRole role, int pick, OrganizationSettings settings)
    {
        PendingChangeId Picked() => pending.Count == 0 ? PendingChangeId.New(Acme.Id) : pending[pick % pending.Count];
        void Remember(PendingChange? change) => pending.AddRange(change is null ? [] : [change.Id]);
        switch (kind)
        {
            case 0:
                await org.Provisioning.AddMemberAsync(actor, Id, Profile(user), role);
                break;
            case 1:
                Remember((await org.RoleChanges.RequestAsync(actor, Id, user, role)).TryGetValue(out var changed, out _) ? changed : null);
                break;
            case 2:
                Remember((pick % 2 == 0 ? await org.RoleChanges.RequestDeactivationAsync(actor, Id, user) : await org.RoleChanges.RequestReactivationAsync(actor, Id, user)).TryGetValue(out var status, out _) ? status : null);
                break;
            case 3:
                var group = Users.Skip(1).Where((_, i) => (((pick % 7) + 1) >> (i % 3) & 1) == 1).ToArray();
                Remember((await org.RoleChanges.RequestBulkAsync(actor, Id, group, role)).TryGetValue(out var bulk, out _) ? bulk : null);
                break;
            case 4 or 5:
                await org.RoleChanges.ConfirmAsync(actor, Picked());
                break;
            case 6:
                await org.RoleChanges.CancelAsync(actor, Picked());
                break;
            case 7:
                await org.Settings.ChangeAsync(actor, Id, settings);
                break;
            case 8:
                Remember((await org.Settings.RequestChangeAsync(actor, Id, settings)).TryGetValue(out var request, out _) ? request : null);
                break;
            default:
                org.Clock.Advance(TimeSpan.FromMinutes(1 + (pick * 3)));
                await org.RoleChanges.PurgeExpiredAsync(actor, Id);
                break;
        }
    }

    private static async Task<Dictionary<UserId, MembershipState>> StatesAsync(OrganizationUnderTest org) =>
        (await org.MembersAsync()).ToDictionary(m => m.UserId, m => m.State);

    private static async Task<HashSet<UserId>> ActiveAdminsAsync(OrganizationUnderTest org) =>
        (await org.MembersAsync()).Where(m => m.IsActiveAdmin).Select(m => m.UserId).ToHashSet();
}
