using Xunit;

namespace Vectice.Organization.Testing;

/// <summary>
/// The store under test, shared by the tests of one suite: subclass it once per store and pass it
/// to each suite. Every scope it opens must see the same data (the same database); the suites
/// keep their tests apart with fresh organization ids, so the data need not be reset.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    /// <summary>
    /// Why the store cannot be tested here (for example: no server configured), or
    /// <see langword="null"/> to run. When set, every test of the suites is skipped with this
    /// reason; a fixture should refuse to skip on a CI machine, where a missing server is a failure.
    /// </summary>
    public virtual string? SkipReason => null;

    /// <summary>Opens a new independent scope on the store: its own store instance (and connection).</summary>
    /// <returns>The scope; the caller disposes it.</returns>
    public abstract StoreScope OpenScope();

    /// <summary>Prepares the store (creates the database or schema) before the first test.</summary>
    /// <returns>A task.</returns>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Releases the store after the last test.</summary>
    /// <returns>A task.</returns>
    public virtual Task DisposeAsync() => Task.CompletedTask;
}
