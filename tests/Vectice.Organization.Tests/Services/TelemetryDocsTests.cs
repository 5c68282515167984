using System.Diagnostics.Metrics;
using System.Reflection;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.Tests.Services;

/// <summary>docs/telemetry.md says what the code reports: its tables and the code's constants are compared both ways.</summary>
public sealed class TelemetryDocsTests
{
    private const string SpanPrefix = "vectice.organization.";

    [Fact]
    public void The_docs_list_every_operation_name_of_the_code_and_no_other()
    {
        Assert.Equal(TelemetryDoc.Sorted(KnownOperations.All), TelemetryDoc.Sorted(TelemetryDoc.Keys("Operations")));
        Assert.Equal(KnownOperations.All.Count, TelemetryDoc.Keys("Operations").Count);
    }

    [Fact]
    public void Each_operation_has_the_span_the_docs_give_it_and_its_name_is_built_once()
    {
        foreach (var row in TelemetryDoc.Table("Operations"))
        {
            var operation = TelemetryDoc.Code(row[0]);
            Assert.Equal(SpanPrefix + operation, TelemetryDoc.Code(row[2]));
            Assert.Equal(SpanPrefix + operation, OperationNames.SpanName(operation));

            // A literal, not a concatenation made per span: the same instance every time.
            Assert.Same(OperationNames.SpanName(operation), OperationNames.SpanName(operation));
        }
    }

    [Fact]
    public void Every_public_method_of_the_services_has_one_operation_in_the_docs()
    {
        Type[] services = [typeof(ProvisioningService), typeof(RoleChangeService), typeof(OrganizationSettingsService), typeof(OrganizationDirectory)];
        var methods = services
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => $"{t.Name}.{m.Name}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(methods, TelemetryDoc.Table("Operations").Select(row => TelemetryDoc.Code(row[1])).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_docs_list_every_refusal_code_and_no_other()
    {
        Assert.Equal(Enum.GetNames<RefusalCode>(), TelemetryDoc.Keys("Refusal codes"));
    }

    [Fact]
    public void The_docs_list_every_tag_key_and_every_instrument_of_the_code()
    {
        var tagKeys = typeof(Telemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Tag", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!);
        var instruments = typeof(Telemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(Instrument).IsAssignableFrom(f.FieldType))
            .Select(f => ((Instrument)f.GetValue(null)!).Name);

        Assert.Equal(TelemetryDoc.Sorted(tagKeys), TelemetryDoc.Sorted(TelemetryDoc.Keys("Tag keys")));
        Assert.Equal(TelemetryDoc.Sorted(tagKeys), TelemetryDoc.Sorted(TelemetryDoc.Keys("Spans")));
        Assert.Equal(TelemetryDoc.Sorted(instruments), TelemetryDoc.Sorted(TelemetryDoc.Keys("Metrics")));
    }
}
