namespace Vectice.Organization;

/// <summary>
/// The decisions "may this happen?", as pure functions of a snapshot and a command: no I/O, no
/// clock (the caller passes the time), no logging. The services load a snapshot, ask these rules,
/// then commit what they accept against the snapshot's version.
/// </summary>
public static class MembershipRules
{
    /// <summary>
    /// Decides a change request: the actor must be an active Admin, the target a member, the change
    /// a real one, a deactivated target's role left alone, and an active Admin left afterwards.
    /// </summary>
    /// <param name="snapshot">The organization as read.</param>
    /// <param name="command">What the actor asks for.</param>
    /// <returns>The accepted transition, or the refusal.</returns>
    public static ChangeDecision DecideChange(OrganizationSnapshot snapshot, MembershipChangeCommand command)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var organizationId = snapshot.Organization.Id;
        if (ChangeDecision.TryRefuse(RequireActiveAdmin(snapshot), out var refused))
        {
            return refused;
        }

        if (snapshot.Target is not { } target)
        {
            return ChangeDecision.Refuse(new MemberNotFound(organizationId, command.Target));
        }

        var from = target.State;
        if (command.Kind == ChangeKind.ChangeRole && from.Status == MembershipStatus.Deactivated)
        {
            return ChangeDecision.Refuse(new TargetDeactivated(organizationId, command.Target));
        }

        var to = command.ApplyTo(from);
        if (to == from)
        {
            return ChangeDecision.Refuse(new NoChange(organizationId, command.Target, from));
        }

        return KeepsEnoughAdmins(snapshot, from, to)
            ? ChangeDecision.Accept(from, to)
            : ChangeDecision.Refuse(new LastActiveAdmin(organizationId, command.Target, snapshot.Organization.Settings.MinimumActiveAdmins));
    }

    /// <summary>
    /// Decides a confirmation, re-checking everything against the current snapshot: the actor is
    /// still an active Admin and the requester, the change is still pending and unexpired, the
    /// target is still exactly as requested, and an active Admin remains afterwards.
    /// </summary>
    /// <param name="snapshot">
    /// The pending change's organization as read now, with the actor, the change's target and the
    /// change itself; <see langword="null"/> if the organization is gone.
    /// </param>
    /// <param name="pendingChangeId">The pending change asked for.</param>
    /// <param name="actor">The user confirming.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The accepted transition, or the refusal.</returns>
    public static ChangeDecision DecideConfirmation(OrganizationSnapshot? snapshot, PendingChangeId pendingChangeId, UserId actor, DateTimeOffset now)
    {
        if (ChangeDecision.TryRefuse(RequireAdminOfPendingChange(snapshot, pendingChangeId), out var refused))
        {
            return refused;
        }

        var pending = snapshot!.PendingChange!;
        if (pending.IsExpiredAt(now))
        {
            return ChangeDecision.Refuse(new PendingChangeExpired(pending.Id, pending.ExpiresAt));
        }

        // Without four-eyes only the requester confirms; with it, anyone but the requester.
        var needsSecondAdmin = snapshot.Organization.Settings.NeedsSecondAdmin(pending);
        if ((actor == pending.RequestedBy) == needsSecondAdmin)
        {
            return ChangeDecision.Refuse(new ConfirmerNotAllowed(pending.Id, actor, pending.RequestedBy, needsSecondAdmin));
        }

        var current = snapshot.Target?.State;
        if (current != pending.From)
        {
            return ChangeDecision.Refuse(new StaleChange(pending.Id, pending.From, current));
        }

        return KeepsEnoughAdmins(snapshot, pending.From, pending.To)
            ? ChangeDecision.Accept(pending.From, pending.To)
            : ChangeDecision.Refuse(new LastActiveAdmin(pending.OrganizationId, pending.Target, snapshot.Organization.Settings.MinimumActiveAdmins));
    }

    /// <summary>
    /// Decides a cancellation: any active Admin of the organization may withdraw a change that is
    /// still pending (expired or not).
    /// </summary>
    /// <param name="snapshot">The pending change's organization as read now, with the actor and the change.</param>
    /// <param name="pendingChangeId">The pending change asked for.</param>
    /// <returns>The refusal, or <see langword="null"/> when the cancellation may happen.</returns>
    public static Refusal? DecideCancellation(OrganizationSnapshot? snapshot, PendingChangeId pendingChangeId) =>
        RequireAdminOfPendingChange(snapshot, pendingChangeId);

    /// <summary>
    /// Decides adding <paramref name="newMember"/> with <paramref name="role"/>: an active Admin may
    /// add any role; an active Member may add Members and Viewers when the organization lets Members
    /// invite colleagues; a Viewer never.
    /// </summary>
    /// <param name="snapshot">The organization as read, with the actor and the new member as target.</param>
    /// <param name="newMember">The user to add.</param>
    /// <param name="role">The role to give them.</param>
    /// <returns>The refusal, or <see langword="null"/> when the member may be added.</returns>
    public static Refusal? DecideAddMember(OrganizationSnapshot snapshot, UserId newMember, OrgRole role)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var organization = snapshot.Organization;
        if (snapshot.Actor is not { } actor)
        {
            return new OrganizationNotFound(organization.Id);
        }

        var permission = role == OrgRole.Admin ? Permission.ManageUsers : Permission.InviteColleagues;
        if (!PermissionMatrix.IsAllowed(actor, permission, organization.Settings))
        {
            return new NotPermitted(organization.Id, actor.UserId, permission);
        }

        if (role == OrgRole.Admin && organization.Settings.FourEyes != FourEyesPolicy.Off)
        {
            return new FourEyesRequired(organization.Id, actor.UserId);
        }

        return snapshot.Target is null ? null : new MemberAlreadyExists(organization.Id, newMember);
    }

    /// <summary>
    /// Decides a change of settings: only an active Admin changes them, and four-eyes can be turned
    /// on only while the organization has the two active Admins it will then have to keep.
    /// </summary>
    /// <param name="snapshot">The organization as read, with the actor.</param>
    /// <param name="settings">The settings asked for.</param>
    /// <returns>The refusal, or <see langword="null"/> when the settings may change.</returns>
    public static Refusal? DecideSettingsChange(OrganizationSnapshot snapshot, OrganizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (RequireActiveAdmin(snapshot) is { } refusal)
        {
            return refusal;
        }

        return snapshot.ActiveAdminCount < settings.MinimumActiveAdmins
            ? new TooFewAdmins(snapshot.Organization.Id, snapshot.ActiveAdminCount, settings.MinimumActiveAdmins)
            : null;
    }

    /// <summary>
    /// Refuses anyone but an active Admin. A user who is not a member at all is told the
    /// organization was not found, so that outsiders cannot probe which organizations exist.
    /// </summary>
    /// <param name="snapshot">The organization as read, with the actor.</param>
    /// <returns>The refusal, or <see langword="null"/> when the actor is an active Admin.</returns>
    public static Refusal? RequireActiveAdmin(OrganizationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return RequireActiveAdmin(snapshot.Organization.Id, snapshot.Actor);
    }

    /// <summary>
    /// Refuses anyone but an active Admin of <paramref name="organizationId"/>; a non-member is told
    /// the organization was not found.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="actor">The actor's membership, or <see langword="null"/> when they are not a member.</param>
    /// <returns>The refusal, or <see langword="null"/> when the actor is an active Admin.</returns>
    public static Refusal? RequireActiveAdmin(OrganizationId organizationId, Membership? actor) => actor switch
    {
        null => new OrganizationNotFound(organizationId),
        { IsActiveAdmin: false } => new NotAnActiveAdmin(organizationId, actor.UserId),
        _ => null,
    };

    /// <summary>
    /// Refuses anyone but an active member (any role) of <paramref name="organizationId"/>, for
    /// reading the users list; a non-member is told the organization was not found.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="actor">The actor's membership, or <see langword="null"/> when they are not a member.</param>
    /// <returns>The refusal, or <see langword="null"/> when the actor is an active member.</returns>
    public static Refusal? RequireActiveMember(OrganizationId organizationId, Membership? actor) => actor switch
    {
        null => new OrganizationNotFound(organizationId),
        { Status: not MembershipStatus.Active } => new NotAnActiveMember(organizationId, actor.UserId),
        _ => null,
    };

    private static Refusal? RequireAdminOfPendingChange(OrganizationSnapshot? snapshot, PendingChangeId pendingChangeId)
    {
        // An outsider learns nothing about another organization's pending changes.
        if (snapshot is not { Actor: not null, PendingChange: { } pending })
        {
            return new PendingChangeNotFound(pendingChangeId);
        }

        return RequireActiveAdmin(snapshot)
            ?? (pending.Status == PendingChangeStatus.Pending ? null : new PendingChangeClosed(pending.Id, pending.Status));
    }

    private static bool KeepsEnoughAdmins(OrganizationSnapshot snapshot, MembershipState from, MembershipState to) =>
        !from.IsActiveAdmin || to.IsActiveAdmin || snapshot.ActiveAdminCount > snapshot.Organization.Settings.MinimumActiveAdmins;
}
