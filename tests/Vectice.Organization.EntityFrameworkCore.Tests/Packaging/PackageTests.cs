using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Xunit.Abstractions;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Packaging;

/// <summary>
/// A host that takes the packages from a feed, not this repository, creates the SDK's tables with
/// <see cref="OrganizationSchema.EnsureCreatedAsync"/> (the scripts travel inside the package's assembly) and
/// changes a role through the services: <see cref="PackedConsumer"/> packs and builds it, each test runs it.
/// </summary>
public sealed class PackageTests(PackedConsumer consumer, ITestOutputHelper output) : IClassFixture<PackedConsumer>
{
    [Fact]
    public async Task A_host_on_the_packed_package_creates_the_schema_and_changes_a_role_on_sqlite()
    {
        output.WriteLine(await consumer.RunAsync("sqlite", $"Data Source={Path.Combine(consumer.Directory, "consumer.db")}"));
    }

    [SkippableFact]
    public Task A_host_on_the_packed_package_creates_the_schema_and_changes_a_role_on_postgresql()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return ScratchDatabase.RunAsync("postgresql", async options =>
        {
            await using var context = new OrganizationDbContext(options);
            output.WriteLine(await consumer.RunAsync("postgresql", context.Database.GetConnectionString()!));
        });
    }
}
