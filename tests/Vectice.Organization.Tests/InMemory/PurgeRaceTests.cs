using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>
/// The kit's purge race (<c>A_purge_racing_a_confirm_and_a_cancel_of_expired_changes_refuses_cleanly</c>)
/// at the in-memory store's own speed: many rounds on dedicated threads released by one barrier, so
/// that a confirm or cancel finding a change's organization just before a purge removes the change
/// (between the owner lookup and the organization's lock) happens often enough to be caught.
/// </summary>
public sealed class PurgeRaceTests
{
    private const int Rounds = 2_000;

    [Fact]
    public async Task Confirm_and_cancel_racing_a_purge_never_throw()
    {
        var org = await Acme.SeedAsync();
        var outcomes = new HashSet<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var toConfirm = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
            var toCancel = (await org.RoleChanges.RequestAsync(Alan, Id, Linus, OrgRole.Member)).GetValueOrThrow();
            org.Clock.Advance(TimeSpan.FromDays(1));

            var results = RunTogether(
                () => org.RoleChanges.PurgeExpiredAsync(Ada, Id).AsTask().GetAwaiter().GetResult().GetValueOrThrow().ToString(System.Globalization.CultureInfo.InvariantCulture),
                () => org.RoleChanges.ConfirmAsync(Ada, toConfirm.Id).AsTask().GetAwaiter().GetResult().Refusal!.Code.ToString(),
                () => org.RoleChanges.CancelAsync(Alan, toCancel.Id).AsTask().GetAwaiter().GetResult().Refusal?.Code.ToString() ?? "cancelled");

            Assert.Contains(results[1], new[] { nameof(RefusalCode.PendingChangeExpired), nameof(RefusalCode.PendingChangeNotFound) });
            Assert.Contains(results[2], new[] { "cancelled", nameof(RefusalCode.PendingChangeNotFound) });
            outcomes.Add($"{results[1]}/{results[2]}");
        }

        Assert.Equal((OrgRole.Member, OrgRole.Viewer), ((await org.Store.FindMembershipAsync(Id, Grace, default))!.Role, (await org.Store.FindMembershipAsync(Id, Linus, default))!.Role));

        // Both orders happened: the purge sometimes came first, sometimes last, so the racers overlapped.
        Assert.Contains(outcomes, o => o.StartsWith(nameof(RefusalCode.PendingChangeNotFound), StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.StartsWith(nameof(RefusalCode.PendingChangeExpired), StringComparison.Ordinal));
    }

    /// <summary>Runs each action on its own thread, all released at once; rethrows the first failure.</summary>
    private static string[] RunTogether(params Func<string>[] actions)
    {
        var results = new string[actions.Length];
        var errors = new Exception?[actions.Length];
        using var start = new Barrier(actions.Length);
        var threads = actions.Select((action, i) => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                results[i] = action();
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw new InvalidOperationException("A racer threw: " + error, error);
        }

        return results;
    }
}
