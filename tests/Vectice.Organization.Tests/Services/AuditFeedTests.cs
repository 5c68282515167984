using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// The reliable feed of docs/notifications.md: read the audit trail after a stored cursor, handle
/// each entry, then store the cursor after it. A consumer that dies between handling and storing
/// sees that entry again (at least once), and never misses one.
/// </summary>
public sealed class AuditFeedTests
{
    [Fact]
    public async Task A_consumer_that_crashes_before_saving_its_cursor_sees_entries_again_and_misses_none()
    {
        var org = await Acme.SeedAsync();
        var cursor = new CursorStore();
        var handled = new List<long>();

        // First run: handles three entries, dies before saving the third's cursor.
        var crashed = await Assert.ThrowsAsync<InvalidOperationException>(() => ConsumeAsync(org.Store, cursor, handled, crashAfter: 3));
        Assert.Equal("crash", crashed.Message);
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));

        // Second run, after a restart: resumes at the stored cursor.
        await ConsumeAsync(org.Store, cursor, handled, crashAfter: int.MaxValue);

        var all = (await org.AuditAsync()).Select(e => e.Sequence).ToList();
        Assert.Equal(all, handled.Distinct());
        Assert.Equal([3L], handled.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(new AuditQuery().CursorAfter((await org.AuditAsync())[^1]), cursor.Saved);
    }

    /// <summary>The loop of the documented sample, with a crash injected.</summary>
    private static async Task ConsumeAsync(IOrganizationStore store, CursorStore cursor, List<long> handled, int crashAfter)
    {
        var query = new AuditQuery { After = cursor.Saved };
        await foreach (var entry in Pages.ReadAllAsync(store, Id, query))
        {
            handled.Add(entry.Sequence);              // e.g. revoke the member's sessions when demoted
            if (handled.Count == crashAfter)
            {
                throw new InvalidOperationException("crash");
            }

            cursor.Saved = query.CursorAfter(entry);  // persist after handling: at least once
        }
    }

    private sealed class CursorStore
    {
        public PageCursor? Saved { get; set; }
    }
}
