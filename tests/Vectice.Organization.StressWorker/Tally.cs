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

    /// <summary>Writes that joined another's transaction (a group commit), as the store counts them (<c>vectice.organization.write_turn.joined</c>).</summary>
    public int GroupedWrites { get; set; }

    public int Errors { get; set; }

    public Dictionary<string, int> Refusals { get; } = [];

    public List<string> ErrorMessages { get; } = [];

    /// <summary>When each operation started and ended, in <see cref="System.Diagnostics.Stopwatch"/> ticks (one clock for every process of the machine).</summary>
    public List<long[]> Spans { get; } = [];

    public void Refused(Refusal refusal) => Refusals[refusal.Code.ToString()] = Refusals.GetValueOrDefault(refusal.Code.ToString()) + 1;

    /// <summary>The tallies of one process's writers as one worker's.</summary>
    public static Tally Merge(string worker, IEnumerable<Tally> writers)
    {
        var tally = new Tally { Worker = worker };
        foreach (var writer in writers)
        {
            tally.Operations += writer.Operations;
            tally.Requested += writer.Requested;
            tally.Applied += writer.Applied;
            tally.Cancelled += writer.Cancelled;
            tally.BulkRequested += writer.BulkRequested;
            tally.SettingsChanged += writer.SettingsChanged;
            tally.SettingsRequested += writer.SettingsRequested;
            tally.Errors += writer.Errors;
            tally.ErrorMessages.AddRange(writer.ErrorMessages);
            tally.Spans.AddRange(writer.Spans);
            foreach (var (code, count) in writer.Refusals)
            {
                tally.Refusals[code] = tally.Refusals.GetValueOrDefault(code) + count;
            }
        }

        return tally;
    }
}
