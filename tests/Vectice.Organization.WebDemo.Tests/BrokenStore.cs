using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vectice.Organization.Stores;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// A store whose every call throws, as broken infrastructure would, with a message that carries a
/// connection string and <see cref="Marker"/> in it: what the error page must not show.
/// </summary>
public class BrokenStore : DispatchProxy
{
    /// <summary>The secret in the exception's message; letters and hyphens, so HTML encoding cannot hide it.</summary>
    public const string Marker = "secret-marker-5d81c0";

    /// <summary>
    /// Breaks the store for requests only: the app seeds its database at start through the real
    /// store, outside any request.
    /// </summary>
    public static void BreakDuringRequests(IServiceCollection services)
    {
        var real = services.Single(d => d.ServiceType == typeof(IOrganizationStore)).ImplementationType!;
        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Scoped(sp => sp.GetRequiredService<IHttpContextAccessor>().HttpContext is null
            ? (IOrganizationStore)ActivatorUtilities.CreateInstance(sp, real)
            : Create<IOrganizationStore, BrokenStore>()));
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException($"Host=db.internal;Password={Marker}");
}
