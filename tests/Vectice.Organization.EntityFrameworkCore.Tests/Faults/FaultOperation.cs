using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// A write under test: what must exist first (prepared without faults; it may return the pending
/// change to act on) and the write itself, one commit, which returns its outcome as text without ids.
/// </summary>
public sealed record FaultOperation(
    string Name,
    Func<OrganizationServices, Task<PendingChangeId?>> PrepareAsync,
    Func<OrganizationServices, PendingChangeId?, Task<string>> RunAsync)
{
    public override string ToString() => Name;
}
