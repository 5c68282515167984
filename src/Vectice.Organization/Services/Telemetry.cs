using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vectice.Organization;

/// <summary>
/// The SDK's traces and metrics, named <c>Vectice.Organization</c> (docs/telemetry.md lists them).
/// Built on System.Diagnostics only: listen with OpenTelemetry or any other listener.
/// </summary>
internal static class Telemetry
{
    public const string Name = "Vectice.Organization";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("vectice.organization.requests", "{change}", "Changes requested (pending changes stored).");

    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("vectice.organization.commits", "{commit}", "Writes committed, by operation.");

    public static readonly Counter<long> Confirms = Meter.CreateCounter<long>("vectice.organization.confirms", "{change}", "Pending changes confirmed and applied.");

    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>("vectice.organization.refusals", "{refusal}", "Operations refused, by operation and reason.");

    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("vectice.organization.conflicts", "{conflict}", "Commits that lost a version race, and directory reads that a commit came between.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("vectice.organization.retries", "{retry}", "Operations read, decided and committed again after a lost race.");

    public static readonly Histogram<double> ConfirmDuration = Meter.CreateHistogram<double>("vectice.organization.confirm.duration", "s", "How long a confirm took, retries included, by outcome.");

    public const string OperationTag = "vectice.operation";

    public const string OutcomeTag = "vectice.outcome";

    public const string RefusalTag = "vectice.refusal";

    public const string OrganizationTag = "vectice.organization.id";
}
