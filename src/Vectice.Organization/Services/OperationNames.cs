namespace Vectice.Organization;

/// <summary>
/// The name of every operation of the services, one per public method, spelled the same in every
/// signal: the <c>{Operation}</c> field of the log events, the <c>vectice.operation</c> tag of the
/// meter's counters and of the spans, and the span's name (<see cref="SpanName"/>). They are part of
/// the telemetry contract: docs/telemetry.md lists them, and a test fails if that list and these
/// constants differ, or if a service reports a name that is not one of them.
/// </summary>
/// <remarks>
/// snake_case, like OpenTelemetry's names and the span names they end. A new operation gets a new
/// constant here, a case in <see cref="SpanName"/> and a row in docs/telemetry.md; a name, once
/// shipped, does not change: hosts filter and alert on it.
/// </remarks>
internal static class OperationNames
{
    private const string SpanPrefix = "vectice.organization.";

    /// <summary><see cref="ProvisioningService.CreateOrganizationAsync"/>: an organization created with its founding Admins.</summary>
    public const string CreateOrganization = "create_organization";

    /// <summary><see cref="ProvisioningService.AddMemberAsync"/>: a user added as a member.</summary>
    public const string AddMember = "add_member";

    /// <summary><see cref="RoleChangeService.RequestAsync"/>: "Change role to" for one member, to be confirmed.</summary>
    public const string RequestRoleChange = "request_role_change";

    /// <summary><see cref="RoleChangeService.RequestDeactivationAsync"/>: a member's deactivation, to be confirmed.</summary>
    public const string RequestDeactivation = "request_deactivation";

    /// <summary><see cref="RoleChangeService.RequestReactivationAsync"/>: a deactivated member's reactivation, to be confirmed.</summary>
    public const string RequestReactivation = "request_reactivation";

    /// <summary><see cref="RoleChangeService.RequestBulkAsync"/>: "Change role to" for many members at once, to be confirmed.</summary>
    public const string RequestBulkRoleChange = "request_bulk_role_change";

    /// <summary><see cref="OrganizationSettingsService.RequestChangeAsync"/>: a settings change four-eyes guards, to be confirmed.</summary>
    public const string RequestSettingsChange = "request_settings_change";

    /// <summary><see cref="RoleChangeService.ConfirmAsync"/>: a pending change confirmed and applied, whatever it changes.</summary>
    public const string ConfirmChange = "confirm_change";

    /// <summary><see cref="RoleChangeService.CancelAsync"/>: a pending change withdrawn.</summary>
    public const string CancelChange = "cancel_change";

    /// <summary><see cref="RoleChangeService.PurgeExpiredAsync"/>: expired pending changes deleted.</summary>
    public const string PurgeExpiredChanges = "purge_expired_changes";

    /// <summary><see cref="OrganizationSettingsService.ChangeAsync"/>: the settings changed at once.</summary>
    public const string ChangeSettings = "change_settings";

    /// <summary><see cref="OrganizationDirectory.FindOrganizationAsync"/>: the organization read (name, settings).</summary>
    public const string FindOrganization = "find_organization";

    /// <summary><see cref="OrganizationDirectory.FindMemberAsync"/>: one member read.</summary>
    public const string FindMember = "find_member";

    /// <summary><see cref="OrganizationDirectory.ListMembersAsync"/>: a page of the users list.</summary>
    public const string ListMembers = "list_members";

    /// <summary><see cref="OrganizationDirectory.ListPendingChangesAsync"/>: a page of the pending changes.</summary>
    public const string ListPendingChanges = "list_pending_changes";

    /// <summary><see cref="OrganizationDirectory.FindPendingChangeAsync"/>: one pending change read.</summary>
    public const string FindPendingChange = "find_pending_change";

    /// <summary><see cref="OrganizationDirectory.ListAuditEntriesAsync"/>: a page of the audit trail.</summary>
    public const string ListAuditEntries = "list_audit_entries";

    /// <summary><see cref="OrganizationDirectory.StreamAsync{T}"/>: each page of a list (any of the three) that a stream reads.</summary>
    public const string StreamPages = "stream_pages";

    /// <summary>
    /// The span of <paramref name="operation"/>: <c>vectice.organization.</c> and its name. Each is a
    /// literal, so that starting a span builds no string.
    /// </summary>
    /// <param name="operation">One of the constants above.</param>
    /// <returns>The span's name.</returns>
    public static string SpanName(string operation) => operation switch
    {
        CreateOrganization => SpanPrefix + CreateOrganization,
        AddMember => SpanPrefix + AddMember,
        RequestRoleChange => SpanPrefix + RequestRoleChange,
        RequestDeactivation => SpanPrefix + RequestDeactivation,
        RequestReactivation => SpanPrefix + RequestReactivation,
        RequestBulkRoleChange => SpanPrefix + RequestBulkRoleChange,
        RequestSettingsChange => SpanPrefix + RequestSettingsChange,
        ConfirmChange => SpanPrefix + ConfirmChange,
        CancelChange => SpanPrefix + CancelChange,
        PurgeExpiredChanges => SpanPrefix + PurgeExpiredChanges,
        ChangeSettings => SpanPrefix + ChangeSettings,
        FindOrganization => SpanPrefix + FindOrganization,
        FindMember => SpanPrefix + FindMember,
        ListMembers => SpanPrefix + ListMembers,
        ListPendingChanges => SpanPrefix + ListPendingChanges,
        FindPendingChange => SpanPrefix + FindPendingChange,
        ListAuditEntries => SpanPrefix + ListAuditEntries,
        StreamPages => SpanPrefix + StreamPages,

        // Not reached while every constant has its case (a test checks); a span is not worth an exception.
        _ => SpanPrefix + operation,
    };
}
