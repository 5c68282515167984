using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

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

    /// <summary>What hosts reach through <see cref="OrganizationSchema"/> is the committed scripts, and every committed script is reachable.</summary>
    [Fact]
    public void The_schema_gives_the_committed_scripts_and_every_one_of_them()
    {
        var given = new List<string>();
        foreach (var provider in new[] { "sqlite", "postgresql" })
        {
            using var context = CreateContext(provider);
            var providerName = context.Database.ProviderName!;
            Assert.Equal(File.ReadAllText(ScriptPath(provider)), OrganizationSchema.GetCreateScript(providerName));
            given.Add($"{provider}.sql");
            foreach (var upgrade in OrganizationSchema.GetUpgradeScripts(providerName))
            {
                Assert.Equal(File.ReadAllText(ScriptPath($"{provider}.{upgrade.Name}")), upgrade.Sql);
                given.Add($"{provider}.{upgrade.Name}.sql");
            }
        }

        var committed = Directory.GetFiles(RepositoryFiles.Path("src/Vectice.Organization.EntityFrameworkCore/Scripts"), "*.sql").Select(Path.GetFileName);
        Assert.Equal(committed.Order(StringComparer.Ordinal), given.Order(StringComparer.Ordinal));
    }

    private static string ScriptPath(string provider) =>
        RepositoryFiles.Path($"src/Vectice.Organization.EntityFrameworkCore/Scripts/{provider}.sql");

    private static OrganizationDbContext CreateContext(string provider)
    {
        var options = new DbContextOptionsBuilder<OrganizationDbContext>();
        _ = provider == "sqlite" ? options.UseSqlite("Data Source=unused.db") : options.UseNpgsql("Host=unused");
        return new OrganizationDbContext(options.Options);
    }
}
