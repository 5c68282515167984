namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>What <see cref="FaultInjector"/> throws unless told otherwise: no provider error, so the store does not read back.</summary>
public sealed class InjectedFaultException(FaultPoint point) : Exception($"Fault injected {point}.");
