using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A correct store (a new in-memory one, unless given another) that a broken store overrides a call or
/// two of, so that each broken store shows only its own fault. Its writes run as they come, racing (the contract's default),
/// not in the in-memory store's queue, so that only a version check stops concurrent writers.
/// </summary>
internal abstract class ForwardingStore(IOrganizationStore? inner = null) : DelegatingOrganizationStore(inner ?? new InMemoryOrganizationStore())
{
    public override ValueTask<TResult> WriteAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return write(state, cancellationToken);
    }
}
