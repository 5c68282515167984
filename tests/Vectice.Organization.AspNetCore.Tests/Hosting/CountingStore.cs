using System.Reflection;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.AspNetCore.Tests.Hosting;

/// <summary>
/// The in-memory store behind a proxy that counts every call, whatever the store contract holds, and
/// can hold snapshot reads until they are cancelled.
/// </summary>
public class CountingStore : DispatchProxy
{
    private IOrganizationStore _inner = null!;
    private int _calls;

    /// <summary>Gets how many calls reached the store.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, snapshot reads are held until their token is cancelled or the hold is released.</summary>
    public SnapshotHold? Hold { get; set; }

    public static (IOrganizationStore Store, CountingStore Counter) Create()
    {
        var store = Create<IOrganizationStore, CountingStore>();
        var counter = (CountingStore)(object)store;
        counter._inner = new InMemoryOrganizationStore();
        return (store, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Interlocked.Increment(ref _calls);
        if (targetMethod.Name == nameof(IOrganizationStore.LoadSnapshotAsync) && Hold is { } hold)
        {
            return new ValueTask<OrganizationSnapshot?>(hold.WaitAsync((CancellationToken)args![^1]!));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
