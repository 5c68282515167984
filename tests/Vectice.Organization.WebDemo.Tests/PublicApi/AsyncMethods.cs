using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;
using Vectice.Organization.Testing;

namespace Vectice.Organization.WebDemo.Tests.PublicApi;

/// <summary>
/// Every method of the packages' public types that returns a <see cref="Task"/>, a <see cref="ValueTask"/>
/// or an <see cref="IAsyncEnumerable{T}"/>: public ones, and explicit implementations of the packages'
/// interfaces. Found by reflection, so that a new one is held to the rules without editing a test.
/// </summary>
internal static class AsyncMethods
{
    // How an open generic type is called: the one hand-made choice discovery needs.
    private static readonly Dictionary<Type, Type> Closed = new()
    {
        [typeof(EntityFrameworkOrganizationStore<>)] = typeof(EntityFrameworkOrganizationStore<OrganizationDbContext>),
    };

    // The instances dependency injection cannot build: an abstract type hosts derive from (through a
    // subclass that adds nothing), a type made by a factory method.
    private static readonly Dictionary<Type, Func<IServiceProvider, object>> Instances = new()
    {
        [typeof(DelegatingOrganizationStore)] = services => new PassThroughStore(services.GetRequiredService<IOrganizationStore>()),
        [typeof(OrganizationUnderTest)] = services => OrganizationUnderTest.Create(services.GetRequiredService<IOrganizationStore>()),
    };

    public static IEnumerable<MethodInfo> All() =>
        PackageAssemblies.All.SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => !type.IsInterface)
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Concat(ExplicitImplementations(type)))
            .Where(method => !method.IsSpecialName && PackageAssemblies.All.Contains(method.DeclaringType!.Assembly) && IsAsync(method.ReturnType))
            .Distinct();

    /// <summary>A name that tells overloads apart, for test data.</summary>
    public static string Key(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

    public static MethodInfo Find(string key) => All().Single(method => Key(method) == key);

    /// <summary>
    /// Calls <paramref name="method"/> on an instance built from <paramref name="services"/>, closing
    /// generic types and methods; exceptions thrown by the call itself come out as they are.
    /// </summary>
    public static object Invoke(MethodInfo method, IServiceProvider services, object?[] args)
    {
        var type = method.DeclaringType!;
        if (type.IsGenericTypeDefinition)
        {
            var closed = Closed.TryGetValue(type, out var choice) ? choice : throw new InvalidOperationException($"{type.Name} is generic: say how to close it in {nameof(AsyncMethods)}.{nameof(Closed)}.");
            method = (MethodInfo)MethodBase.GetMethodFromHandle(method.MethodHandle, closed.TypeHandle)!;
        }

        if (method.IsGenericMethodDefinition)
        {
            method = method.MakeGenericMethod([.. method.GetGenericArguments().Select(ClosedType)]);
        }

        var target = method.IsStatic ? null
            : Instances.TryGetValue(method.DeclaringType!, out var make) ? make(services)
            : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        return method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, args, null)!;
    }

    /// <summary>Whether <see cref="Invoke"/> can call the methods of <paramref name="type"/>: it is concrete, or has an entry in <see cref="Instances"/>.</summary>
    public static bool IsCallable(Type type) => !type.IsAbstract || Instances.ContainsKey(type);

    /// <summary>The parameter types <see cref="Invoke"/> passes: generic ones closed as it closes them.</summary>
    public static Type ClosedType(Type parameterType) =>
        parameterType.IsGenericParameter ? ArgumentFor(parameterType)
        : parameterType.ContainsGenericParameters ? parameterType.GetGenericTypeDefinition().MakeGenericType([.. parameterType.GetGenericArguments().Select(ClosedType)])
        : parameterType;

    /// <summary>What the returned task or enumeration says: cancelled, faulted (with what), or neither.</summary>
    public static string Status(object returned)
    {
        if (returned.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)) is { } enumerable)
        {
            // An enumeration starts at its first MoveNextAsync: that is its task.
            var enumerator = enumerable.GetMethod(nameof(IAsyncEnumerable<int>.GetAsyncEnumerator))!.Invoke(returned, [CancellationToken.None])!;
            returned = typeof(IAsyncEnumerator<>).MakeGenericType(enumerable.GetGenericArguments()).GetMethod(nameof(IAsyncEnumerator<int>.MoveNextAsync))!.Invoke(enumerator, null)!;
        }

        var task = returned as Task ?? (Task)returned.GetType().GetMethod(nameof(ValueTask.AsTask))!.Invoke(returned, null)!;
        return task.Status switch
        {
            TaskStatus.Canceled => "cancelled",
            TaskStatus.Faulted => $"faulted with {task.Exception!.InnerException!.GetType().Name}",
            var status => status.ToString(),
        };
    }

    // A method's type parameter is closed with object, unless it is a list's item type (PageQuery<T>): then
    // with Membership, so that a MemberQuery can be passed.
    private static Type ArgumentFor(Type genericParameter) =>
        genericParameter.DeclaringMethod?.GetParameters().Any(p => p.ParameterType.IsGenericType
            && p.ParameterType.GetGenericTypeDefinition() == typeof(PageQuery<>) && p.ParameterType.GetGenericArguments()[0] == genericParameter) == true
            ? typeof(Membership)
            : typeof(object);

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>));

    private static IEnumerable<MethodInfo> ExplicitImplementations(Type type) =>
        type.GetInterfaces().Where(i => PackageAssemblies.All.Contains(i.Assembly))
            .SelectMany(i => type.GetInterfaceMap(i).TargetMethods)
            .Where(method => method.IsPrivate);

    private sealed class PassThroughStore(IOrganizationStore inner) : DelegatingOrganizationStore(inner);
}
