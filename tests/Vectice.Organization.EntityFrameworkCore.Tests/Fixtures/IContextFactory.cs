using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>A fixture whose contexts can carry interceptors, for fault injection.</summary>
public interface IContextFactory
{
    OrganizationDbContext CreateContext(params IInterceptor[] interceptors);
}
