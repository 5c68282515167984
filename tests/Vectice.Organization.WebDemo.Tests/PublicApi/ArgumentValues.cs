using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;

namespace Vectice.Organization.WebDemo.Tests.PublicApi;

/// <summary>
/// Arguments for <see cref="AsyncMethods"/>: the bad values of a parameter, found from its type alone
/// (default ids, null where null is not allowed, undefined enum values), and a good value for every
/// other parameter, built where it can be and from a small hand-made table where it cannot.
/// </summary>
internal static class ArgumentValues
{
    private static readonly OrganizationId Org = new("acme");

    // The good values no rule below can build. A parameter of a type missing here fails its method's tests.
    private static readonly Dictionary<Type, Func<IServiceProvider, object>> Good = new()
    {
        [typeof(UserId)] = _ => new UserId("ada"),
        [typeof(OrganizationId)] = _ => Org,
        [typeof(PendingChangeId)] = _ => PendingChangeId.New(Org),
        [typeof(OrganizationCommit)] = _ => new OrganizationCommit { Organization = new OrganizationInfo(Org, "Acme", default, version: 2) },
        [typeof(string)] = _ => "Acme",
        [typeof(int)] = _ => 10,
        [typeof(User)] = _ => new User(new UserId("grace"), "grace@example.com", "Grace Hopper"),
        [typeof(IReadOnlyCollection<UserId>)] = _ => new[] { new UserId("grace") },
        [typeof(IReadOnlyCollection<OrganizationId>)] = _ => new[] { Org },
        [typeof(Func<object, CancellationToken, ValueTask<object>>)] = _ => (Func<object, CancellationToken, ValueTask<object>>)((state, _) => new ValueTask<object>(state)),
        [typeof(IOrganizationChangeSink)] = services => services.GetRequiredService<OrganizationAccess>(),
        [typeof(Stream)] = _ => Stream.Null,
        [typeof(IAsyncEnumerable<AuditEntry>)] = _ => AsyncEnumerable.Empty<AuditEntry>(),
        [typeof(PageQuery<Membership>)] = _ => new MemberQuery(),
        [typeof(DbContext)] = _ => new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseSqlite("Data Source=:memory:").Options),
    };

    private static readonly NullabilityInfoContext Nullability = new();

    // Bad values no rule below can find from the type alone: a value whose fault is inside it.
    private static readonly Dictionary<Type, object?[]> BadInside = new()
    {
        [typeof(OrganizationSettings)] = [new OrganizationSettings(false, false, (FourEyesPolicy)42)],
        [typeof(OrganizationCommit)] = [new OrganizationCommit { Organization = null! }],

        // Every string the packages' async methods take is text a store keeps: none of these is.
        [typeof(string)] = [string.Empty, "   ", "bad\u0007text", "bad\uD800text", new string('n', 10_000)],
    };

    /// <summary>The bad values of <paramref name="parameter"/>, each of which the method must refuse naming it.</summary>
    public static object?[] Bad(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            // An optional id may be absent, but not present and default.
            return HasInvalidDefault(inner) ? [Activator.CreateInstance(inner)] : [];
        }

        object?[] bad = type switch
        {
            _ when HasInvalidDefault(type) => [Activator.CreateInstance(type)],
            { IsEnum: true } => Undefined(type),

            // Every int the packages' async methods take is a count of at least one (a page or batch size).
            _ when type == typeof(int) => [0, -1],
            { IsValueType: false, IsGenericParameter: false } when Nullability.Create(parameter).WriteState == NullabilityState.NotNull => [null],
            _ => [],
        };
        return [.. bad, .. BadInside.GetValueOrDefault(type, []), .. BadElements(parameter)];
    }

    // A list that holds one bad element, after a good one: a default id, or a null where the element type forbids it.
    private static object?[] BadElements(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IReadOnlyCollection<>))
        {
            return [];
        }

        var element = type.GetGenericArguments()[0];
        object? badElement;
        if (HasInvalidDefault(element))
        {
            badElement = Activator.CreateInstance(element);
        }
        else if (!element.IsValueType && Nullability.Create(parameter).GenericTypeArguments[0].ReadState == NullabilityState.NotNull)
        {
            badElement = null;
        }
        else
        {
            return [];
        }

        var list = Array.CreateInstance(element, 2);
        list.SetValue(GoodElement.TryGetValue(element, out var good) ? good() : throw new InvalidOperationException($"No good {element.Name} element: add one to {nameof(ArgumentValues)}.{nameof(GoodElement)}."), 0);
        list.SetValue(badElement, 1);
        return [list];
    }

    private static readonly Dictionary<Type, Func<object>> GoodElement = new()
    {
        [typeof(UserId)] = () => new UserId("grace"),
        [typeof(OrganizationId)] = () => Org,
        [typeof(User)] = () => new User(new UserId("linus"), "linus@example.com", "Linus"),
    };

    /// <summary>A good value for <paramref name="parameter"/> of <paramref name="method"/>.</summary>
    public static object? GoodValue(MethodInfo method, ParameterInfo parameter, IServiceProvider services, CancellationToken cancellationToken)
    {
        var type = AsyncMethods.ClosedType(parameter.ParameterType);
        return type switch
        {
            _ when type == typeof(CancellationToken) => cancellationToken,
            _ when parameter.HasDefaultValue => parameter.DefaultValue,
            _ when parameter.ParameterType.IsGenericParameter => new object(),
            { IsEnum: true } => Enum.GetValues(type).GetValue(0),
            _ when Good.TryGetValue(type, out var make) => make(services),
            _ when services.GetService(type) is { } registered => registered,
            { IsValueType: true } => Activator.CreateInstance(type),
            _ when type.GetConstructor(Type.EmptyTypes) is not null => Activator.CreateInstance(type),
            _ => throw new InvalidOperationException($"No good {type.Name} for {AsyncMethods.Key(method)}: add one to {nameof(ArgumentValues)}.{nameof(Good)}."),
        };
    }

    // A struct whose default the packages refuse: the ids (they say so with IsDefault).
    private static bool HasInvalidDefault(Type type) =>
        type.IsValueType && type.GetProperty(nameof(UserId.IsDefault))?.PropertyType == typeof(bool);

    private static object?[] Undefined(Type type)
    {
        var defined = Enum.GetValues(type).Cast<object>().Select(Convert.ToInt64).ToArray();
        return [.. new[] { 0L, defined.Max() + 1 }.Where(value => !defined.Contains(value)).Select(value => Enum.ToObject(type, value))];
    }
}
