using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// One independent way into the store under test: for a database, its own context and connection.
/// Disposing the scope disposes what it owns.
/// </summary>
public sealed class StoreScope : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;

    /// <summary>Creates a scope.</summary>
    /// <param name="store">The store of this scope.</param>
    /// <param name="owner">What to dispose with the scope (a context, a connection); optional.</param>
    public StoreScope(IOrganizationStore store, IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _owner = owner;
    }

    /// <summary>The store of this scope.</summary>
    public IOrganizationStore Store { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
