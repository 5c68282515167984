using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>A connection to PostgreSQL really lost at a COMMIT, by a <see cref="CommitDroppingProxy"/> in front of the server.</summary>
public sealed class ProxyLoss : ConnectionLoss
{
    public ProxyLoss(PostgresStoreFixture fixture, LostAt at)
    {
        Proxy = new CommitDroppingProxy(fixture.ConnectionString);
        Proxy.Arm(at);
        Context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(Proxy.ClientConnectionString).Options);
    }

    public CommitDroppingProxy Proxy { get; }

    public override OrganizationDbContext Context { get; }

    public override bool Happened => Proxy.Dropped;

    public override int CommitsSent => Proxy.CommitsSeen;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}
