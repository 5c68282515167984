using Xunit;

namespace Vectice.Organization.Testing;

/// <summary>
/// The base of every suite of the kit: holds the fixture, skips when the fixture says so, and
/// checks that the store's test project subclasses every suite.
/// </summary>
/// <typeparam name="TFixture">The store under test.</typeparam>
public abstract class StoreSpecification<TFixture> : IClassFixture<TFixture>
    where TFixture : StoreFixture
{
    /// <summary>Creates the suite over <paramref name="fixture"/>.</summary>
    /// <param name="fixture">The store under test.</param>
    protected StoreSpecification(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
    }

    /// <summary>The store under test.</summary>
    protected TFixture Fixture { get; }

    /// <summary>
    /// Fails when the assembly that tests <typeparamref name="TFixture"/> lacks a concrete subclass
    /// of one of the kit's suites: a store is conformant only if it runs them all.
    /// </summary>
    [SkippableFact]
    public void The_store_runs_every_suite_of_the_kit()
    {
        SkipIfUnavailable();
        var suites = typeof(StoreSpecification<>).Assembly.GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsGenericTypeDefinition && t != typeof(StoreSpecification<>) && DerivesFromSpecification(t))
            .ToList();
        var tests = GetType().Assembly.GetTypes().Where(t => !t.IsAbstract).ToList();
        var missing = suites
            .Where(suite => !tests.Any(test => test.IsSubclassOf(suite.MakeGenericType(typeof(TFixture)))))
            .Select(suite => suite.Name[..suite.Name.IndexOf('`', StringComparison.Ordinal)])
            .ToList();

        Assert.True(suites.Count >= 3, "The kit's suites were not found.");
        Assert.True(missing.Count == 0, $"The tests of {typeof(TFixture).Name} do not subclass: {string.Join(", ", missing)}.");
    }

    /// <summary>Skips the current test when the fixture cannot run here.</summary>
    protected void SkipIfUnavailable() => Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);

    /// <summary>Opens a scope and seeds a fresh organization through it.</summary>
    internal async Task<(StoreScope Scope, OrganizationUnderTest Organization)> SeededAsync()
    {
        SkipIfUnavailable();
        var scope = Fixture.OpenScope();
        return (scope, await OrganizationUnderTest.Create(scope.Store).SeedAsync().ConfigureAwait(false));
    }

    private static bool DerivesFromSpecification(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(StoreSpecification<>))
            {
                return true;
            }
        }

        return false;
    }
}
