using System.Diagnostics.Metrics;
using System.Reflection;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>docs/telemetry.md lists the Entity Framework Core store's instruments as the code has them, on the SDK's own meter name.</summary>
public sealed class StoreTelemetryDocsTests
{
    [Fact]
    public void The_docs_list_every_instrument_of_the_store_on_the_sdks_meter_name_and_no_other()
    {
        var instruments = typeof(StoreTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(Instrument).IsAssignableFrom(f.FieldType))
            .Select(f => (Instrument)f.GetValue(null)!)
            .ToList();
        var sdkMeter = (string)typeof(OrganizationAccess).Assembly.GetType("Vectice.Organization.Telemetry", throwOnError: true)!
            .GetField("Name")!.GetRawConstantValue()!;

        Assert.NotEmpty(instruments);
        Assert.All(instruments, instrument => Assert.Equal(sdkMeter, instrument.Meter.Name));
        Assert.Equal(TelemetryDoc.Sorted(instruments.Select(i => i.Name)), TelemetryDoc.Sorted(TelemetryDoc.Keys("Entity Framework Core store metrics")));
    }
}
