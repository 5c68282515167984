using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// The writes the fault and commit-outcome tests run, each on a <see cref="Fixtures.SeededOrganization"/>:
/// the one place to change when an operation's API changes.
/// </summary>
public static class FaultOperations
{
    public static IReadOnlyList<FaultOperation> All { get; } =
    [
        new("request", NothingFirst, async (o, _) => Outcome((await o.RoleChanges.RequestAsync(Ada, o.Id, Grace, OrgRole.Admin)).Refusal)),
        new("confirm", GraceAdminRequested, async (o, change) => Outcome((await o.RoleChanges.ConfirmAsync(Ada, change!.Value)).Refusal)),
        new("cancel", GraceAdminRequested, async (o, change) => Outcome((await o.RoleChanges.CancelAsync(Ada, change!.Value)).Refusal)),
        new("bulk confirm", BulkRequested, async (o, change) => Outcome((await o.RoleChanges.ConfirmAsync(Ada, change!.Value)).Refusal)),
        new("settings change", NothingFirst, async (o, _) => Outcome((await o.Settings.ChangeAsync(Ada, o.Id, new OrganizationSettings(true, true))).Refusal)),
        new("settings confirm", FourEyesWeakeningRequested, async (o, change) => Outcome((await o.RoleChanges.ConfirmAsync(Ada, change!.Value)).Refusal)),
        new("purge", OpenAndClosedChangesExpired, async (o, _) => $"purged {(await o.RoleChanges.PurgeExpiredAsync(Ada, o.Id)).GetValueOrThrow()}"),
    ];

    /// <summary>Every operation at every fault point, for the fault tests' theory.</summary>
    public static TheoryData<string, FaultPoint> AtEveryFaultPoint => Crossed(Enum.GetValues<FaultPoint>());

    public static FaultOperation Named(string name) => All.Single(o => o.Name == name);

    /// <summary>Every operation with the connection lost before COMMIT or after its answer, for the commit-outcome tests' theory.</summary>
    public static TheoryData<string, LostAt> AtEveryConnectionLoss => Crossed(LostAt.BeforeCommit, LostAt.AfterCommitAnswered);

    /// <summary>Every operation with each of <paramref name="points"/>.</summary>
    public static TheoryData<string, TPoint> Crossed<TPoint>(params TPoint[] points)
    {
        var data = new TheoryData<string, TPoint>();
        foreach (var operation in All)
        {
            foreach (var point in points)
            {
                data.Add(operation.Name, point);
            }
        }

        return data;
    }

    private static string Outcome(Refusal? refusal) => refusal?.Code.ToString() ?? "done";

    private static Task<PendingChangeId?> NothingFirst(OrganizationServices o) => Task.FromResult<PendingChangeId?>(null);

    private static async Task<PendingChangeId?> GraceAdminRequested(OrganizationServices o) =>
        Requested(await o.RoleChanges.RequestAsync(Ada, o.Id, Grace, OrgRole.Admin));

    private static async Task<PendingChangeId?> BulkRequested(OrganizationServices o) =>
        Requested(await o.RoleChanges.RequestBulkAsync(Ada, o.Id, [Grace, Linus], OrgRole.Admin));

    // Four-eyes on, and Alan asking to switch it off: only another Admin may confirm that.
    private static async Task<PendingChangeId?> FourEyesWeakeningRequested(OrganizationServices o)
    {
        (await o.Settings.ChangeAsync(Ada, o.Id, new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants))).GetValueOrThrow();
        var requested = await o.Settings.RequestChangeAsync(Alan, o.Id, new OrganizationSettings(false, false, FourEyesPolicy.Off));
        Assert.True(requested.TryGetValue(out var pending, out var refusal), refusal?.Reason);
        return pending.Id;
    }

    // One change still pending and one cancelled, both past their expiry.
    private static async Task<PendingChangeId?> OpenAndClosedChangesExpired(OrganizationServices o)
    {
        await GraceAdminRequested(o);
        var cancelled = await o.RoleChanges.CancelAsync(Ada, Requested(await o.RoleChanges.RequestAsync(Ada, o.Id, Linus, OrgRole.Member)));
        Assert.True(cancelled.IsSuccess, cancelled.Refusal?.Reason);
        o.Clock.Advance(TimeSpan.FromHours(1));
        return null;
    }

    private static PendingChangeId Requested(RequestChangeResult result)
    {
        Assert.True(result.TryGetValue(out var pending, out var refusal), refusal?.Reason);
        return pending.Id;
    }
}
