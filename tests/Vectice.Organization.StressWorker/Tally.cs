namespace Vectice.Organization.StressWorker;

/// <summary>What one worker did, printed as one JSON line when it ends.</summary>
public sealed class Tally
{
    public required string Worker { get; init; }

    public int Operations { get; set; }

    public int Requested { get; set; }

    public int Applied { get; set; }

    public int Cancelled { get; set; }

    public int BulkRequested { get; set; }

    public int SettingsChanged { get; set; }

    public int SettingsRequested { get; set; }

    /// <summary>Operations read, decided and committed again after a lost race, as the SDK's meter counts them.</summary>
    public int ConflictRetries { get; set; }

    public int Errors { get; set; }

    public Dictionary<string, int> Refusals { get; } = [];

    public List<string> ErrorMessages { get; } = [];

    /// <summary>When each operation started and ended, in <see cref="System.Diagnostics.Stopwatch"/> ticks (one clock for every process of the machine).</summary>
    public List<long[]> Spans { get; } = [];

    public void Refused(Refusal refusal) => Refusals[refusal.Code.ToString()] = Refusals.GetValueOrDefault(refusal.Code.ToString()) + 1;
}
