using Moq;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>Moq set-ups shared by the tests that wrap a store.</summary>
internal static class MockStores
{
    /// <summary>
    /// Runs each write attempt as it comes, without a write lock (what <see cref="IOrganizationStore.WriteAsync"/>'s
    /// default does), so that concurrent writers race between read and commit and only the version check stops them.
    /// </summary>
    public static Mock<TStore> RunningWritesAsIs<TStore>(this Mock<TStore> store)
        where TStore : class, IOrganizationStore
    {
        store.Setup(s => s.WriteAsync(
                It.IsAny<OrganizationId>(),
                It.IsAny<It.IsAnyType>(),
                It.IsAny<Func<It.IsAnyType, CancellationToken, ValueTask<It.IsAnyType>>>(),
                It.IsAny<CancellationToken>()))
            .Returns(new InvocationFunc(invocation => ((Delegate)invocation.Arguments[2]!).DynamicInvoke(invocation.Arguments[1], invocation.Arguments[3])!));
        return store;
    }
}
