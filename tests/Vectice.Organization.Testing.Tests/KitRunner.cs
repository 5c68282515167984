using System.Reflection;

namespace Vectice.Organization.Testing.Tests;

/// <summary>Runs the tests of a kit suite by hand, as xunit would, and reports each outcome.</summary>
internal static class KitRunner
{
    public static async Task<Dictionary<string, Exception?>> RunAsync<TFixture>(Type suite)
        where TFixture : StoreFixture, new()
    {
        var fixture = new TFixture();
        await fixture.InitializeAsync();
        var outcomes = new Dictionary<string, Exception?>();
        try
        {
            foreach (var method in suite.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                         .Where(m => m.GetCustomAttributes().Any(a => a is FactAttribute)))
            {
                var instance = Activator.CreateInstance(suite, fixture)!;
                try
                {
                    if (method.Invoke(instance, null) is Task task)
                    {
                        await task;
                    }

                    outcomes[method.Name] = null;
                }
                catch (Exception e)
                {
                    outcomes[method.Name] = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                }
            }
        }
        finally
        {
            await fixture.DisposeAsync();
        }

        return outcomes;
    }
}
