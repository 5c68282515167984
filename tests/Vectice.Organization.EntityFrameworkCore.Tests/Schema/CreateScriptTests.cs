using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// The migration-free SQL scripts shipped in the package are the model's own create scripts:
/// regenerate them with <c>VECTICE_UPDATE_SCRIPTS=1</c> after a model change, and review the diff.
/// </summary>
public sealed class CreateScriptTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgresql" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_committed_script_is_the_models_create_script(string provider)
    {
        using var context = CreateContext(provider);
        var generated = context.Database.GenerateCreateScript().ReplaceLineEndings("\n");
        var path = ScriptPath(provider);
        if (Environment.GetEnvironmentVariable("VECTICE_UPDATE_SCRIPTS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with VECTICE_UPDATE_SCRIPTS=1 to write it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), generated);
    }

    [Fact]
    public Task The_sqlite_script_creates_a_schema_the_store_works_on() => AssertTheScriptWorksAsync("sqlite");

    [SkippableFact]
    public Task The_postgresql_script_creates_a_schema_the_store_works_on()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return AssertTheScriptWorksAsync("postgresql");
    }

    private static Task AssertTheScriptWorksAsync(string provider) => ScratchDatabase.RunAsync(provider, async options =>
    {
        await using var context = new OrganizationDbContext(options);
        await context.Database.ExecuteSqlRawAsync(await File.ReadAllTextAsync(ScriptPath(provider)));
        await ScriptedSchema.AssertTheFlowWorksAsync(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context));
    });

    private static string ScriptPath(string provider) =>
        RepositoryFiles.Path($"src/Vectice.Organization.EntityFrameworkCore/Scripts/{provider}.sql");

    private static OrganizationDbContext CreateContext(string provider)
    {
        var options = new DbContextOptionsBuilder<OrganizationDbContext>();
        _ = provider == "sqlite" ? options.UseSqlite("Data Source=unused.db") : options.UseNpgsql("Host=unused");
        return new OrganizationDbContext(options.Options);
    }
}
