using Microsoft.Extensions.Logging;

namespace Vectice.Organization;

/// <summary>
/// The SDK's log events. Event ids are stable and listed in docs/logging.md. Only identifiers,
/// roles and codes are logged: never e-mail addresses or display names.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Change {PendingChangeId} requested by {ActorId} in organization {OrganizationId}: {TargetId} {From} -> {To}", EventName = "ChangeRequested")]
    public static partial void ChangeRequested(ILogger logger, Guid pendingChangeId, string actorId, string organizationId, string targetId, MembershipState from, MembershipState to);

    [LoggerMessage(2, LogLevel.Information, "Change {PendingChangeId} confirmed by {ActorId} in organization {OrganizationId}: {TargetId} {From} -> {To}", EventName = "ChangeConfirmed")]
    public static partial void ChangeConfirmed(ILogger logger, Guid pendingChangeId, string actorId, string organizationId, string targetId, MembershipState from, MembershipState to);

    [LoggerMessage(3, LogLevel.Information, "Change {PendingChangeId} cancelled by {ActorId} in organization {OrganizationId}", EventName = "ChangeCancelled")]
    public static partial void ChangeCancelled(ILogger logger, Guid pendingChangeId, string actorId, string organizationId);

    [LoggerMessage(4, LogLevel.Information, "{Operation} by {ActorId} refused: {RefusalCode}", EventName = "OperationRefused")]
    public static partial void OperationRefused(ILogger logger, string operation, string actorId, RefusalCode refusalCode);

    [LoggerMessage(5, LogLevel.Debug, "{Operation} lost a version race on organization {OrganizationId} (attempt {Attempt} of {MaxAttempts}); retrying", EventName = "ConflictRetried")]
    public static partial void ConflictRetried(ILogger logger, string operation, string organizationId, int attempt, int maxAttempts);

    [LoggerMessage(6, LogLevel.Information, "Organization {OrganizationId} created with founding Admin {FounderId}", EventName = "OrganizationCreated")]
    public static partial void OrganizationCreated(ILogger logger, string organizationId, string founderId);

    [LoggerMessage(7, LogLevel.Information, "Member {TargetId} added to organization {OrganizationId} as {Role} by {ActorId}", EventName = "MemberAdded")]
    public static partial void MemberAdded(ILogger logger, string targetId, string organizationId, OrgRole role, string actorId);

    [LoggerMessage(9, LogLevel.Warning, "Observer {Observer} failed on {Action} in organization {OrganizationId}; the change stands", EventName = "ObserverFailed")]
    public static partial void ObserverFailed(ILogger logger, string observer, AuditAction action, string organizationId, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "{Count} expired pending changes purged from organization {OrganizationId} by {ActorId}", EventName = "PendingChangesPurged")]
    public static partial void PendingChangesPurged(ILogger logger, int count, string organizationId, string actorId);

    [LoggerMessage(8, LogLevel.Information, "Settings of organization {OrganizationId} changed by {ActorId}: members create workspaces {MembersCanCreateWorkspaces}, members invite {MembersCanInviteColleagues}, four-eyes {FourEyes}", EventName = "SettingsChanged")]
    public static partial void SettingsChanged(ILogger logger, string organizationId, string actorId, bool membersCanCreateWorkspaces, bool membersCanInviteColleagues, FourEyesPolicy fourEyes);

    [LoggerMessage(11, LogLevel.Warning, "Change feed {Feed} stopped; cached access dropped, the feed runs again in {RetryDelay}", EventName = "ChangeFeedStopped")]
    public static partial void ChangeFeedStopped(ILogger logger, string feed, TimeSpan retryDelay, Exception? exception);

    // A bulk change has no one target: the member count and the role are fields of their own, never a target id.
    [LoggerMessage(12, LogLevel.Information, "Bulk change {PendingChangeId} requested by {ActorId} in organization {OrganizationId}: {MemberCount} members to {Role}", EventName = "BulkChangeRequested")]
    public static partial void BulkChangeRequested(ILogger logger, Guid pendingChangeId, string actorId, string organizationId, int memberCount, OrgRole role);

    [LoggerMessage(13, LogLevel.Information, "Bulk change {PendingChangeId} confirmed by {ActorId} in organization {OrganizationId}: {MemberCount} members to {Role}", EventName = "BulkChangeConfirmed")]
    public static partial void BulkChangeConfirmed(ILogger logger, Guid pendingChangeId, string actorId, string organizationId, int memberCount, OrgRole role);

    // A settings change targets the organization, not a member: the settings asked for, never a target id.
    [LoggerMessage(14, LogLevel.Information, "Settings change {PendingChangeId} requested by {ActorId} in organization {OrganizationId}: members create workspaces {MembersCanCreateWorkspaces}, members invite {MembersCanInviteColleagues}, four-eyes {FourEyes}", EventName = "SettingsChangeRequested")]
    public static partial void SettingsChangeRequested(ILogger logger, Guid pendingChangeId, string actorId, string organizationId, bool membersCanCreateWorkspaces, bool membersCanInviteColleagues, FourEyesPolicy fourEyes);

    [LoggerMessage(15, LogLevel.Information, "Settings change {PendingChangeId} confirmed by {ActorId} in organization {OrganizationId}: members create workspaces {MembersCanCreateWorkspaces}, members invite {MembersCanInviteColleagues}, four-eyes {FourEyes}", EventName = "SettingsChangeConfirmed")]
    public static partial void SettingsChangeConfirmed(ILogger logger, Guid pendingChangeId, string actorId, string organizationId, bool membersCanCreateWorkspaces, bool membersCanInviteColleagues, FourEyesPolicy fourEyes);
}
