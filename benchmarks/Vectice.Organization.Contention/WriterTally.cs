namespace Vectice.Organization.Contention;

/// <summary>What one writer's operations came to in one phase (warm-up or measured).</summary>
internal sealed class WriterTally
{
    public List<double> LatenciesMs { get; } = [];

    public int Applied { get; private set; }

    public int RequestConflicts { get; private set; }

    public int ConfirmConflicts { get; private set; }

    /// <summary>Refusals other than a lost race: none of them can happen in this scenario, so each is a bug.</summary>
    public List<Refusal> Unexpected { get; } = [];

    public void Record(Refusal? refusal, bool atConfirm, TimeSpan latency)
    {
        LatenciesMs.Add(latency.TotalMilliseconds);
        switch (refusal)
        {
            case null:
                Applied++;
                break;
            case { Code: RefusalCode.ConcurrencyConflict } when atConfirm:
                ConfirmConflicts++;
                break;
            case { Code: RefusalCode.ConcurrencyConflict }:
                RequestConflicts++;
                break;
            default:
                Unexpected.Add(refusal);
                break;
        }
    }
}
