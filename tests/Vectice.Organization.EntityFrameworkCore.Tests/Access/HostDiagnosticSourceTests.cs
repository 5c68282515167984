using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Access;

/// <summary>
/// A host whose EF Core runs on the host's own services (<c>UseInternalServiceProvider</c>) sends EF Core's
/// events to the host's <see cref="DiagnosticSource"/>: ASP.NET Core registers one, named
/// "Microsoft.AspNetCore", before EF Core's services would add theirs. Its commit is heard all the same: the
/// SDK subscribes to whichever listener the writing context sends its events to.
/// </summary>
public sealed class HostDiagnosticSourceTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task A_hosts_commit_is_heard_when_EF_Core_sends_its_events_to_the_hosts_diagnostic_source()
    {
        var services = new ServiceCollection();
        using var hosts = new DiagnosticListener("Microsoft.AspNetCore");
        services.AddSingleton<DiagnosticSource>(hosts);
        services.AddEntityFrameworkSqlite();
        services.AddDbContext<OrganizationDbContext>((provider, options) => fixture.UseDatabase(options.UseInternalServiceProvider(provider)));
        services.AddVecticeOrganization(options => options.AccessMaxStaleness = TimeSpan.FromHours(1)).AddEntityFrameworkStores<OrganizationDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);

        await using (var scope = provider.CreateAsyncScope())
        {
            Assert.Same(hosts, scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().GetService<DiagnosticSource>());
        }

        await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.CommitAsync());

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }
}
