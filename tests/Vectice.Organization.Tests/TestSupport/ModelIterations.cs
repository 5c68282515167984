using System.Globalization;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>Iteration counts of the random tests: CI's default, or <c>VECTICE_MODEL_ITERATIONS</c> for a soak.</summary>
internal static class ModelIterations
{
    public static long Scaled(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("VECTICE_MODEL_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : ciDefault;
}
