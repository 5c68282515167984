using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// The scopes another process would open: each resolves <see cref="IOrganizationStore"/> from a new
/// <see cref="StoreFixture.OpenScope"/>, disposed with the scope. Enough for the access check and a
/// feed, without a dependency-injection container.
/// </summary>
internal sealed class FixtureScopes(StoreFixture fixture) : IServiceScopeFactory
{
    public IServiceScope CreateScope() => new Scope(fixture.OpenScope());

    private sealed class Scope(StoreScope store) : IServiceScope, IServiceProvider, IAsyncDisposable
    {
        public IServiceProvider ServiceProvider => this;

        public object? GetService(Type serviceType) => serviceType == typeof(IOrganizationStore) ? store.Store : null;

        public void Dispose() => store.DisposeAsync().AsTask().GetAwaiter().GetResult();

        public ValueTask DisposeAsync() => store.DisposeAsync();
    }
}
