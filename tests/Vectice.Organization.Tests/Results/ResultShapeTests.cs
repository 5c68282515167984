using System.Reflection;
using OneOf;

namespace Vectice.Organization.Tests.Results;

/// <summary>
/// Every result of the SDK has the one shape a host can rely on (<see cref="IOrganizationResult{TValue}"/>).
/// The result types are found by reflection, so a new one cannot be left out.
/// </summary>
public sealed class ResultShapeTests
{
    private static readonly Type[] Found =
        [.. typeof(IOrganizationResult<>).Assembly.GetExportedTypes().Where(t => OneOfBase(t) is not null)];

    public static TheoryData<Type> ResultTypes() => [.. Found];

    [Fact]
    public void Every_result_type_is_found()
    {
        Assert.Contains(typeof(ConfirmChangeResult), Found);
        Assert.Contains(typeof(PageResult<>), Found);
    }

    [Theory]
    [MemberData(nameof(ResultTypes))]
    public void A_result_type_has_the_common_shape_over_its_success_value(Type resultType)
    {
        var success = OneOfBase(resultType)!.GetGenericArguments()[0];
        Assert.Contains(typeof(IOrganizationResult<>).MakeGenericType(success), resultType.GetInterfaces());
    }

    [Theory]
    [MemberData(nameof(ResultTypes))]
    public void Each_refusal_of_a_result_is_thrown_with_its_code_and_reason(Type resultType)
    {
        var closed = resultType.IsGenericTypeDefinition ? resultType.MakeGenericType(typeof(Membership)) : resultType;
        var wraps = closed.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "op_Implicit" && m.GetParameters()[0].ParameterType.IsAssignableTo(typeof(Refusal)))
            .ToList();
        Assert.NotEmpty(wraps);

        var check = AssertRefusedOf(closed);
        foreach (var wrap in wraps)
        {
            var refusal = (Refusal)Sample(wrap.GetParameters()[0].ParameterType);
            check.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [wrap.Invoke(null, [refusal]), refusal], null);
        }
    }

    /// <summary>
    /// The pipeline turns a rule's <see cref="Refusal"/> into the operation's result by its type
    /// (<c>FromRefusal</c>): each refusal the result lists comes back as itself, and one it does not
    /// list fails loudly rather than as another outcome.
    /// </summary>
    [Theory]
    [MemberData(nameof(ResultTypes))]
    public void Each_refusal_of_a_result_narrows_from_a_refusal_and_no_other_does(Type resultType)
    {
        var closed = resultType.IsGenericTypeDefinition ? resultType.MakeGenericType(typeof(Membership)) : resultType;
        var narrow = closed.GetMethod("FromRefusal", BindingFlags.NonPublic | BindingFlags.Static, [typeof(Refusal)])!;
        var outcomes = OneOfBase(closed)!.GetGenericArguments()[1..];
        var check = AssertRefusedOf(closed);
        foreach (var outcome in outcomes)
        {
            var refusal = (Refusal)Sample(outcome);
            check.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [narrow.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [refusal], null), refusal], null);
        }

        var other = typeof(Refusal).Assembly.GetExportedTypes()
            .First(t => t.IsSubclassOf(typeof(Refusal)) && !t.IsAbstract && !outcomes.Contains(t));
        var foreign = (Refusal)Sample(other);
        var error = Assert.Throws<InvalidOperationException>(() => narrow.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [foreign], null));
        Assert.Contains(foreign.Code.ToString(), error.Message, StringComparison.Ordinal);
    }

    private static MethodInfo AssertRefusedOf(Type closedResult) =>
        typeof(ResultShapeTests).GetMethod(nameof(AssertRefused), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(OneOfBase(closedResult)!.GetGenericArguments()[0]);

    private static void AssertRefused<TValue>(IOrganizationResult<TValue> result, Refusal refusal)
    {
        Assert.False(result.IsSuccess);
        Assert.Same(refusal, result.Refusal);
        Assert.False(result.TryGetValue(out _, out var why));
        Assert.Same(refusal, why);

        var thrown = Assert.Throws<RefusalException>(() => result.GetValueOrThrow());
        Assert.Same(refusal, thrown.Refusal);
        Assert.Equal(refusal.Reason, thrown.Message);
    }

    /// <summary>The <c>OneOfBase</c> a result derives from: its success value, then its refusals.</summary>
    internal static Type? OneOfBase(Type type) =>
        type.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition().Namespace == typeof(OneOfBase<,>).Namespace
            && b.GetGenericTypeDefinition().Name.StartsWith("OneOfBase`", StringComparison.Ordinal)
            ? b
            : null;

    /// <summary>An instance of a refusal (or of one of its constructor's parameters) with sample values.</summary>
    private static object Sample(Type type) =>
        type == typeof(OrganizationId) ? new OrganizationId("acme")
        : type == typeof(UserId) ? new UserId("ada")
        : type == typeof(PendingChangeId) ? PendingChangeId.New(new OrganizationId("acme"))
        : type == typeof(IReadOnlyList<MemberRefusal>) ? new[] { new MemberRefusal(new UserId("grace"), new MemberNotFound(new OrganizationId("acme"), new UserId("grace"))) }
        : type.IsEnum ? Enum.GetValues(type).GetValue(0)!
        : type.IsValueType ? Activator.CreateInstance(type)!
        : type.GetConstructors().Single().Invoke([.. type.GetConstructors().Single().GetParameters().Select(p => Sample(p.ParameterType))]);
}
