using System.Diagnostics;
using System.Reflection;
using System.Text;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Packaging;

/// <summary>
/// <c>Packaging/Consumer</c> built, in a folder of its own under the temporary directory, against
/// Vectice.Organization and Vectice.Organization.EntityFrameworkCore as <c>dotnet pack</c> makes them from
/// this build (the configuration the tests run in) into a feed of their own. The packages get a version
/// of their own, so that nothing but that feed can provide them; their dependencies come from the machine's
/// package cache, where restoring the tests put them, or from nuget.org, as the repository's nuget.config has it.
/// The restored packages leave that cache again when the tests are done.
/// </summary>
public sealed class PackedConsumer : IAsyncLifetime
{
    private static readonly string[] Packages = ["Vectice.Organization", "Vectice.Organization.EntityFrameworkCore"];

    private readonly string _version = $"0.0.0-packagetest.{Guid.NewGuid():N}";

    private readonly string _cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The folder of the feed, the consumer and anything a test puts beside them.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"vectice-package-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var feed = Path.Combine(Directory, "feed");
        var configuration = typeof(PackedConsumer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        // The nuspec files too go here rather than into the projects' obj folders, one pair per run.
        await Task.WhenAll(Packages.Select(package => DotnetAsync(
            "pack", RepositoryFiles.Path($"src/{package}/{package}.csproj"), "-c", configuration, "--no-build", "-o", feed,
            $"-p:PackageVersion={_version}", $"-p:NuspecOutputPath={Path.Combine(Directory, "nuspec", package)}/")));

        var consumer = Path.Combine(Directory, "consumer");
        System.IO.Directory.CreateDirectory(consumer);
        foreach (var file in new[] { "Consumer.csproj", "Program.cs" })
        {
            File.Copy(RepositoryFiles.Path($"tests/Vectice.Organization.EntityFrameworkCore.Tests/Packaging/Consumer/{file}"), Path.Combine(consumer, file));
        }

        // The versions the repository pins, so that the consumer runs on the EF Core and Npgsql the packages were built with.
        File.Copy(RepositoryFiles.Path("Directory.Packages.props"), Path.Combine(Directory, "Directory.Packages.props"));
        await File.WriteAllTextAsync(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{_cache}" />
              </config>
              <packageSources>
                <clear />
                <add key="packed" value="feed" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="packed">
                  <package pattern="Vectice.Organization*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        await DotnetAsync("build", consumer, "-c", "Release", $"-p:VecticeVersion={_version}");
    }

    /// <summary>Runs the consumer on a database: <c>sqlite</c> or <c>postgresql</c>, and its connection string.</summary>
    /// <returns>What it printed.</returns>
    public Task<string> RunAsync(string database, string connectionString) =>
        DotnetAsync(Path.Combine(Directory, "consumer", "bin", "Release", "net10.0", "Consumer.dll"), database, connectionString);

    public Task DisposeAsync()
    {
        foreach (var package in Packages)
        {
            var versions = Path.Combine(_cache, package.ToLowerInvariant());
            if (System.IO.Directory.Exists(Path.Combine(versions, _version)))
            {
                System.IO.Directory.Delete(Path.Combine(versions, _version), recursive: true);
            }

            if (System.IO.Directory.Exists(versions) && !System.IO.Directory.EnumerateFileSystemEntries(versions).Any())
            {
                System.IO.Directory.Delete(versions);
            }
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>, and fails with its output unless it exits with 0.</summary>
    private async Task<string> DotnetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        System.IO.Directory.CreateDirectory(Directory);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var lines = new[] { process.StandardOutput, process.StandardError }.Select(async reader =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        });
        await Task.WhenAll(lines);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }
}
