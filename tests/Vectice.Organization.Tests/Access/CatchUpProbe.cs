using Vectice.Organization.ChangeFeeds;

namespace Vectice.Organization.Tests.Access;

/// <summary>Forwards a feed's reports to the process's access check and lets a test wait for the next catch-up.</summary>
internal sealed class CatchUpProbe(IOrganizationChangeSink inner) : IOrganizationChangeSink
{
    private TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next catch-up after this call.</summary>
    public Task NextCatchUp() => Volatile.Read(ref _caughtUp).Task;

    public IReadOnlyCollection<OrganizationId> GetWatchedOrganizations() => inner.GetWatchedOrganizations();

    public void OnChanged(OrganizationId organizationId, long version) => inner.OnChanged(organizationId, version);

    public void OnGap() => inner.OnGap();

    public void OnCaughtUp(long timestamp)
    {
        inner.OnCaughtUp(timestamp);
        Interlocked.Exchange(ref _caughtUp, new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
    }
}
