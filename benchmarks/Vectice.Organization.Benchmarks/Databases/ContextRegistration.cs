using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The two ways a host registers its context: a new one per scope, or one rented from a pool per scope.</summary>
internal static class ContextRegistration
{
    public static IServiceCollection AddContext<TContext>(this IServiceCollection services, bool pooled, Action<DbContextOptionsBuilder> configure)
        where TContext : DbContext =>
        pooled ? services.AddDbContextPool<TContext>(configure) : services.AddDbContext<TContext>(configure);

    /// <summary>
    /// The context on <paramref name="database"/>, with the interceptors given that are not null, and no
    /// call to <c>AddInterceptors</c> when there is none: with <c>AddDbContext</c> the options are built
    /// per scope, and a timed contestant must not pay for an observer it does not have.
    /// </summary>
    public static IServiceCollection AddContext<TContext>(this IServiceCollection services, bool pooled, BenchmarkDatabase database, params IInterceptor?[] interceptors)
        where TContext : DbContext
    {
        IInterceptor[] present = [.. interceptors.OfType<IInterceptor>()];
        return services.AddContext<TContext>(pooled, o =>
        {
            database.Use(o);
            if (present.Length > 0)
            {
                o.AddInterceptors(present);
            }
        });
    }

    public static string Describe(bool pooled) => pooled ? "AddDbContextPool" : "AddDbContext";
}
