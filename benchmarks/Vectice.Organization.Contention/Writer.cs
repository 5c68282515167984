using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Contention;

/// <summary>
/// One writer: as its Admin, toggles its member between Member and Viewer. One operation is two web
/// requests, each in a fresh DI scope: the request, then the confirm of the pending change.
/// </summary>
internal sealed class Writer(IServiceProvider host, int index, OrganizationId organization)
{
    public UserId Admin { get; } = ContentionHost.Admin(index);

    public WriterTally WarmUp { get; } = new();

    public WriterTally Measured { get; } = new();

    /// <summary>Changes applied in both phases: what the member's role and the audit trail must show.</summary>
    public int Applied => WarmUp.Applied + Measured.Applied;

    /// <summary>The role <see cref="Applied"/> toggles from Member lead to.</summary>
    public OrgRole ExpectedRole => Applied % 2 == 1 ? OrgRole.Viewer : OrgRole.Member;

    public UserId Member { get; } = ContentionHost.Member(index);

    public OrganizationId Organization => organization;

    /// <param name="warmUp">Operations before the barrier.</param>
    /// <param name="ops">Operations after it.</param>
    /// <param name="ready">Set when warmed up.</param>
    /// <param name="start">The barrier: completes when every writer is ready.</param>
    /// <param name="cancellationToken">The safety net.</param>
    public async Task RunAsync(int warmUp, int ops, TaskCompletionSource ready, Task start, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await OperateAsync(WarmUp, cancellationToken);
        }

        ready.SetResult();
        await start;
        for (var i = 0; i < ops; i++)
        {
            await OperateAsync(Measured, cancellationToken);
        }
    }

    /// <summary>One more operation before the barrier, counted with the warm-up.</summary>
    public Task WarmUpOnceAsync(CancellationToken cancellationToken) => OperateAsync(WarmUp, cancellationToken);

    private async Task OperateAsync(WriterTally tally, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var requested = await RequestAsync(ExpectedRole == OrgRole.Member ? OrgRole.Viewer : OrgRole.Member, cancellationToken);
        if (!requested.TryGetValue(out var pending, out var refusal))
        {
            tally.Record(refusal, atConfirm: false, Stopwatch.GetElapsedTime(started));
            return;
        }

        var confirmed = await ConfirmAsync(pending.Id, cancellationToken);
        tally.Record(confirmed.Refusal, atConfirm: true, Stopwatch.GetElapsedTime(started));
    }

    private async Task<RequestChangeResult> RequestAsync(OrgRole role, CancellationToken cancellationToken)
    {
        await using var scope = host.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Admin, organization, Member, role, cancellationToken);
    }

    private async Task<ConfirmChangeResult> ConfirmAsync(PendingChangeId pending, CancellationToken cancellationToken)
    {
        await using var scope = host.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Admin, pending, cancellationToken);
    }
}
