using System.Diagnostics.Metrics;
using System.Reflection;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>docs/telemetry.md lists the Entity Framework Core store's instruments as the code has them.</summary>
public sealed class StoreTelemetryDocsTests
{
    [Fact]
    public void The_docs_list_every_instrument_of_the_store_on_the_sdks_meter_name_and_no_other()
    {
        var instruments = typeof(StoreTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(Instrument).IsAssignableFrom(f.FieldType))
            .Select(f => (Instrument)f.GetValue(null)!)
            .ToList();
        var documented = File.ReadAllLines(RepositoryFiles.Path("docs/telemetry.md"))
            .SkipWhile(line => line != "## Entity Framework Core store metrics")
            .Skip(1)
            .TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal))
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => line.Trim('|').Split('|')[0].Trim().Trim('`'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(instruments);
        Assert.All(instruments, instrument => Assert.Equal("Vectice.Organization", instrument.Meter.Name));
        Assert.Equal(instruments.Select(i => i.Name).Order(StringComparer.Ordinal), documented);
    }
}
