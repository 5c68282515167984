namespace Vectice.Organization.EntityFrameworkCore.Entities;

/// <summary>A pending change as stored.</summary>
internal sealed class PendingChangeRow
{
    public Guid Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string TargetUserId { get; set; }

    public ChangeKind Kind { get; set; }

    public OrgRole FromRole { get; set; }

    public MembershipStatus FromStatus { get; set; }

    public OrgRole ToRole { get; set; }

    public MembershipStatus ToStatus { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary><see cref="ExpiresAt"/> as UTC ticks, for comparisons every provider translates.</summary>
    public long ExpiresAtUtcTicks { get; set; }

    public PendingChangeStatus Status { get; set; }

    /// <summary>A bulk change's members and their states at request time, as JSON; <see langword="null"/> for a single change.</summary>
    public string? Members { get; set; }

    /// <summary>For a settings change, the settings when requested and once confirmed, as JSON; <see langword="null"/> otherwise.</summary>
    public OrganizationSettings? SettingsBefore { get; set; }

    public OrganizationSettings? SettingsAfter { get; set; }

    public FourEyesPolicy FourEyesAtRequest { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public static PendingChangeRow From(PendingChange change) => new()
    {
        Id = change.Id.Value,
        OrganizationId = change.OrganizationId.Value,
        TargetUserId = change.Target.Value,
        Kind = change.Kind,
        FromRole = change.From.Role,
        FromStatus = change.From.Status,
        ToRole = change.To.Role,
        ToStatus = change.To.Status,
        RequestedBy = change.RequestedBy.Value,
        RequestedAt = change.RequestedAt,
        ExpiresAt = change.ExpiresAt,
        ExpiresAtUtcTicks = change.ExpiresAt.UtcTicks,
        Status = change.Status,
        Members = change.Members is null ? null : BulkMembersJson.Write(change.Members),
        SettingsBefore = change.SettingsBefore,
        SettingsAfter = change.SettingsAfter,
        FourEyesAtRequest = change.FourEyesAtRequest,
        ClosedBy = change.ClosedBy?.Value,
        ClosedAt = change.ClosedAt,
    };

    public PendingChange ToDomain()
    {
        var organizationId = new OrganizationId(OrganizationId);
        return new()
        {
            Id = new PendingChangeId(organizationId, Id),
            OrganizationId = organizationId,
            Target = new UserId(TargetUserId),
            Kind = Kind,
            From = new MembershipState(FromRole, FromStatus),
            To = new MembershipState(ToRole, ToStatus),
            RequestedBy = new UserId(RequestedBy),
            RequestedAt = RequestedAt,
            ExpiresAt = ExpiresAt,
            Status = Status,
            Members = Members is null ? null : BulkMembersJson.Read(Members),
            SettingsBefore = SettingsBefore,
            SettingsAfter = SettingsAfter,
            FourEyesAtRequest = FourEyesAtRequest,
            ClosedBy = ClosedBy is null ? null : new UserId(ClosedBy),
            ClosedAt = ClosedAt,
        };
    }
}
