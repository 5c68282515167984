namespace Vectice.Organization.Revocation;

/// <summary>
/// One rep, in milliseconds: from the confirm returning until the watcher's check refused, how long that
/// refusing check took, and how long the confirm call took.
/// </summary>
internal readonly record struct Sample(double Latency, double RefusingCheck, double Confirm);
