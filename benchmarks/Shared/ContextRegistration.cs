using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Benchmarks;

/// <summary>The two ways a host registers its context: a new one per scope, or one rented from a pool per scope.</summary>
internal static partial class ContextRegistration
{
    public static IServiceCollection AddContext<TContext>(this IServiceCollection services, bool pooled, Action<DbContextOptionsBuilder> configure)
        where TContext : DbContext =>
        pooled ? services.AddDbContextPool<TContext>(configure) : services.AddDbContext<TContext>(configure);

    public static string Describe(bool pooled) => pooled ? "AddDbContextPool" : "AddDbContext";
}
