using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Snapshooter.Xunit;
using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed partial class AuditQueryTests
{
    [Fact]
    public async Task Admins_stream_the_filtered_trail_page_by_page_and_others_are_refused()
    {
        var org = await Acme.SeedAsync();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));

        var streamed = await org.Directory.StreamAsync(Ada, Id, new AuditQuery { Action = AuditAction.MemberAdded, Limit = 1 });
        var refused = await org.Directory.StreamAsync(Linus, Id, new AuditQuery());
        var outsider = await org.Directory.StreamAsync(Stranger, Id, new AuditQuery());

        Assert.True(streamed.TryGetValue(out var entries, out _));
        var added = new List<AuditEntry>();
        await foreach (var entry in entries)
        {
            added.Add(entry);
        }

        Assert.Equal([Alan, Grace, Linus, Ken], added.Select(e => e.Target));
        Assert.Equal(new NotAnActiveAdmin(Id, Linus), refused.Refusal);
        Assert.Equal(new OrganizationNotFound(Id), outsider.Refusal);
    }

    [Fact]
    public async Task A_stream_whose_reader_is_demoted_between_two_pages_stops_with_the_refusal()
    {
        var org = await Acme.SeedAsync();
        var streamed = await org.Directory.StreamAsync(Alan, Id, new AuditQuery { Limit = 1 });
        Assert.True(streamed.TryGetValue(out var entries, out _));
        await using var reader = entries.GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(AuditAction.OrganizationCreated, reader.Current.Action);

        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Member));

        var stopped = await Assert.ThrowsAsync<RefusalException>(async () => await reader.MoveNextAsync());
        Assert.Equal(new NotAnActiveAdmin(Id, Alan), stopped.Refusal);
    }

    [Fact]
    public async Task A_stream_enumerated_again_after_its_reader_is_demoted_gives_nothing_but_the_refusal()
    {
        var org = await Acme.SeedAsync();
        var entries = (await org.Directory.StreamAsync(Alan, Id, new AuditQuery { Limit = 1 })).GetValueOrThrow();
        await using (var first = entries.GetAsyncEnumerator())
        {
            Assert.True(await first.MoveNextAsync());
        }

        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Member));

        // The page read for the first enumeration, under the right Alan had then, is not served again.
        await using var again = entries.GetAsyncEnumerator();
        var stopped = await Assert.ThrowsAsync<RefusalException>(async () => await again.MoveNextAsync());
        Assert.Equal(new NotAnActiveAdmin(Id, Alan), stopped.Refusal);
    }

    [Fact]
    public async Task The_json_lines_export_matches_the_approved_format_one_object_per_line()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(true, false, FourEyesPolicy.AdminGrants));
        var promote = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        await org.RoleChanges.ConfirmAsync(Alan, promote.Id);
        var weaken = (await org.Settings.RequestChangeAsync(Alan, Id, new OrganizationSettings(true, false, FourEyesPolicy.Off))).GetValueOrThrow();
        await org.RoleChanges.ConfirmAsync(Ada, weaken.Id);
        org.Clock.Advance(TimeSpan.FromDays(1));
        await org.RoleChanges.PurgeExpiredAsync(Ada, Id);
        using var output = new MemoryStream();

        var written = await AuditJsonLines.WriteAsync(Pages.ReadAllAsync(org.Store, Id, new AuditQuery()), output);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(written, lines.Length);
        Assert.Equal((await org.AuditAsync()).Count, lines.Length);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Snapshot.Match(lines.Select(line => Guids().Replace(line, "<pending-change-id>")).ToArray());
    }

    [Fact]
    public async Task The_export_stops_when_cancelled()
    {
        var org = await Acme.SeedAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AuditJsonLines.WriteAsync(Pages.ReadAllAsync(org.Store, Id, new AuditQuery()), Stream.Null, cancelled.Token));
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();
}
