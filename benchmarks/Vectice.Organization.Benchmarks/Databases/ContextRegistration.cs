using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Benchmarks.Databases;

namespace Vectice.Organization.Benchmarks;

/// <summary>The benchmarks' own: a context on one of their databases.</summary>
internal static partial class ContextRegistration
{
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
}
