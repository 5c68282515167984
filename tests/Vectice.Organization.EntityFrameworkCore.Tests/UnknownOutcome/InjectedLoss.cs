using Vectice.Organization.EntityFrameworkCore.Tests.Faults;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>
/// A lost connection as the provider reports it (a transient <see cref="LostConnectionException"/>),
/// raised by an interceptor as COMMIT is about to be sent or once it has returned: on any provider.
/// </summary>
public sealed class InjectedLoss : ConnectionLoss
{
    private readonly FaultInjector _faults;

    public InjectedLoss(EntityFrameworkStoreFixture fixture, LostAt at)
    {
        var point = at switch
        {
            LostAt.BeforeCommit => FaultPoint.AfterWritesBeforeCommit,
            LostAt.AfterCommitAnswered => FaultPoint.AfterCommit,
            _ => throw new ArgumentOutOfRangeException(nameof(at), at, "An interceptor cannot lose a COMMIT the server is still running."),
        };
        _faults = new FaultInjector(point, () => new LostConnectionException());
        Context = fixture.CreateContext(_faults);
    }

    public override OrganizationDbContext Context { get; }

    public override bool Happened => _faults.Fired;

    public override int CommitsSent => _faults.CommitsAttempted;
}
