using System.Reflection;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// The kit's delegating store passes every call of <see cref="IOrganizationStore"/> on, each through a
/// member a test store can override. The calls are found by reflection, so a new one cannot be missed
/// (one with a default body in the interface would otherwise bypass the inner store unseen).
/// </summary>
public sealed class DelegatingOrganizationStoreTests
{
    public static TheoryData<string> Calls() => [.. typeof(IOrganizationStore).GetMethods().Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_call_is_a_virtual_member_that_reaches_the_inner_store(string call)
    {
        var inner = DispatchProxy.Create<IOrganizationStore, RecordingProxy>();
        var store = new PlainStore(inner);
        var method = typeof(IOrganizationStore).GetMethod(call)!;
        var map = typeof(DelegatingOrganizationStore).GetInterfaceMap(typeof(IOrganizationStore));
        var member = map.TargetMethods[Array.IndexOf(map.InterfaceMethods, method)];
        Assert.True(member.DeclaringType == typeof(DelegatingOrganizationStore) && member.IsVirtual && !member.IsFinal, $"{call} is not a virtual member of the delegating store.");

        var closed = method.IsGenericMethodDefinition ? method.MakeGenericMethod(typeof(int), typeof(int)) : method;
        closed.Invoke(store, [.. closed.GetParameters().Select(p => Argument(p.ParameterType))]);

        Assert.Equal([call], ((RecordingProxy)(object)inner).Calls);
    }

    private static object? Argument(Type type) =>
        type == typeof(Func<int, CancellationToken, ValueTask<int>>) ? (Func<int, CancellationToken, ValueTask<int>>)((n, _) => new(n))
        : type.IsValueType ? Activator.CreateInstance(type)
        : null;

    private sealed class PlainStore(IOrganizationStore inner) : DelegatingOrganizationStore(inner);

    /// <summary>An inner store that records the names of the calls it gets and answers each with a default.</summary>
    public class RecordingProxy : DispatchProxy
    {
        public List<string> Calls { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Calls.Add(targetMethod!.Name);
            return Activator.CreateInstance(targetMethod.ReturnType);
        }
    }
}
