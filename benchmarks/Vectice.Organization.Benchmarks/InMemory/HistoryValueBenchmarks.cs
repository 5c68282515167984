using BenchmarkDotNet.Attributes;

namespace Vectice.Organization.Benchmarks.InMemory;

/// <summary>
/// The bytes of the values the in-memory store keeps for ever, one of each per request + confirm: the
/// closed pending change and the audit entry. Allocated is each object's size; the time is incidental.
/// </summary>
[MemoryDiagnoser]
public class HistoryValueBenchmarks
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly MembershipState Member = new(OrgRole.Member, MembershipStatus.Active);
    private static readonly MembershipState Admins = new(OrgRole.Admin, MembershipStatus.Active);

    private readonly PendingChange _pending = new()
    {
        Id = PendingChangeId.New(Org),
        OrganizationId = Org,
        Target = Target,
        Kind = ChangeKind.ChangeRole,
        From = Member,
        To = Admins,
        RequestedBy = Admin,
        RequestedAt = At,
        ExpiresAt = At.AddMinutes(15),
    };

    [Benchmark]
    public PendingChange ClosedPendingChange() => _pending with { Status = PendingChangeStatus.Applied, ClosedBy = Admin, ClosedAt = At };

    [Benchmark]
    public AuditEntry RoleChangedAuditEntry() => new()
    {
        OrganizationId = Org,
        At = At,
        Actor = Admin,
        RequestedBy = Admin,
        Action = AuditAction.RoleChanged,
        Target = Target,
        Before = Member,
        After = Admins,
        PendingChangeId = _pending.Id,
    };
}
