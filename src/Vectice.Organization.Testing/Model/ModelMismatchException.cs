namespace Vectice.Organization.Testing;

/// <summary>The store under test and the reference model disagreed after a step.</summary>
#pragma warning disable CA1032 // Thrown with its message only, inside the kit.
internal sealed class ModelMismatchException(string message) : Exception(message);
#pragma warning restore CA1032
