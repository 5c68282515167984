using System.Reflection;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>The operation names the code declares: the constants of <see cref="OperationNames"/>, read by reflection.</summary>
internal static class KnownOperations
{
    public static IReadOnlyList<string> All { get; } =
    [
        .. typeof(OperationNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];
}
