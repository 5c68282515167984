using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>A connection to PostgreSQL really lost at a COMMIT, by a <see cref="CommitDroppingProxy"/> in front of the server.</summary>
public sealed class ProxyLoss : ConnectionLoss
{
    private readonly CommitDroppingProxy _proxy;

    public ProxyLoss(PostgresStoreFixture fixture, LostAt at)
    {
        _proxy = new CommitDroppingProxy(fixture.ConnectionString);
        _proxy.Arm(at);
        Context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(_proxy.ClientConnectionString).Options);
    }

    public override OrganizationDbContext Context { get; }

    public override bool Happened => _proxy.Dropped;

    public override int CommitsSent => _proxy.CommitsSeen;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _proxy.DisposeAsync();
    }
}
