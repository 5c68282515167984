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
    /// still an active Admin; the change is still pending and unexpired; four-eyes has not come to
    /// guard the change since its request (else it is stale, whoever confirms); the actor is one who may
    /// confirm it, as four-eyes was at request decides (<see cref="PendingChange.NeedsSecondAdmin"/>):
    /// when four-eyes did not guard the change, only its requester; when it did, any other active Admin,
    /// and never the requester; the target is still exactly as requested (for a settings change: the
    /// settings are); and the active Admins the organization needs remain afterwards.
    /// </summary>
    /// <param name="snapshot">
    /// The pending change's organization as read now, with the actor, the change's target and the
    /// change itself; <see langword="null"/> if the organization is gone.
    /// </param>
    /// <param name="pendingChangeId">The pending change asked for.</param>
    /// <param name="actor">The user confirming.</param>
    /// <param name="now">The current time.</param>
    /// <param name="members">For a bulk change, its members' memberships as read now; otherwise <see langword="null"/>.</param>
    /// <returns>The plan: which write confirming makes, or the refusal.</returns>
    /// <exception cref="ArgumentException">
    /// The snapshot's pending change is malformed: a settings change without the settings it applies, or a
    /// bulk change without members.
    /// </exception>
    public static ConfirmationPlan DecideConfirmation(
        OrganizationSnapshot? snapshot, PendingChangeId pendingChangeId, UserId actor, DateTimeOffset now, IReadOnlyDictionary<UserId, Membership>? members = null)
    {
        if (RequireAdminOfPendingChange(snapshot, pendingChangeId) is { } refusal)
        {
            return ConfirmationPlan.Refuse(refusal);
        }

        var pending = snapshot!.PendingChange!;
        if (pending.IsExpiredAt(now))
        {
            return ConfirmationPlan.Refuse(new PendingChangeExpired(pending.Id, pending.ExpiresAt));
        }

        // Four-eyes as requested decides: without it only the requester confirms; with it, any other
        // active Admin, never the requester. A change four-eyes came to guard after its request is
        // requested again: else one Admin could switch four-eyes on and complete a change another only drafted.
        var needsSecondAdmin = pending.NeedsSecondAdmin;
        var settings = snapshot.Organization.Settings;
        if (!needsSecondAdmin && settings.NeedsSecondAdmin(pending))
        {
            return ConfirmationPlan.Refuse(new StaleChange(pending.Id, pending.From, snapshot.Target?.State) { Settings = settings });
        }

        if ((actor == pending.RequestedBy) == needsSecondAdmin)
        {
            return ConfirmationPlan.Refuse(new ConfirmerNotAllowed(pending.Id, actor, pending.RequestedBy, needsSecondAdmin));
        }

        if (pending.Kind == ChangeKind.ChangeSettings)
        {
            // Without its settings it cannot be applied as requested: only a store's malformed data can make one.
            if (pending.SettingsAfter is null)
            {
                throw new ArgumentException("The pending settings change has no settings to apply: the store's data is malformed.", nameof(snapshot));
            }

            // A requester no longer a member (a membership a host deleted) is stale, as a single change's target would be.
            if (snapshot.Target is not { } requester)
            {
                return ConfirmationPlan.Refuse(new StaleChange(pending.Id, pending.From, null));
            }

            // Requested as a weakening of the settings then in force: unchanged, it still is one, and lowers no count below its minimum.
            return settings != pending.SettingsBefore
                ? ConfirmationPlan.Refuse(new StaleChange(pending.Id, pending.From, requester.State) { Settings = settings })
                : ConfirmationPlan.Accept(ConfirmationWrite.Settings, snapshot);
        }

        if (pending.Kind != ChangeKind.BulkChangeRole)
        {
            // A single change's target is in the snapshot.
            var current = snapshot.Target?.State;
            if (current != pending.From)
            {
                return ConfirmationPlan.Refuse(new StaleChange(pending.Id, pending.From, current));
            }

            return KeepsEnoughAdmins(snapshot, pending.From, pending.To)
                ? ConfirmationPlan.Accept(ConfirmationWrite.Member, snapshot)
                : ConfirmationPlan.Refuse(new LastActiveAdmin(pending.OrganizationId, pending.Target, snapshot.Organization.Settings.MinimumActiveAdmins));
        }

        if (pending.Members is not { Count: > 0 } transitions)
        {
            throw new ArgumentException("The pending bulk change has no members: the store's data is malformed.", nameof(snapshot));
        }

        return DecideBulkConfirmation(snapshot, pending, transitions, members);
    }

    /// <summary>
    /// Decides a bulk "Change role to" <paramref name="newRole"/> as a whole: the actor must be an
    /// active Admin; every target must be a member, active, and not already in the role (each one
    /// that is not is named in a <see cref="BulkChangeRefused"/>); and the combined effect must keep
    /// the active Admins the organization needs.
    /// </summary>
    /// <param name="snapshot">The organization as read, with the actor.</param>
    /// <param name="targets">The members to move, without duplicates.</param>
    /// <param name="members">The targets' memberships, read after the snapshot; missing ones are not members.</param>
    /// <param name="newRole">The role they should have.</param>
    /// <returns>The accepted change, with every target and the state it moves from (<see cref="ChangeDecision.Members"/>), or the refusal.</returns>
    /// <exception cref="ArgumentException"><paramref name="targets"/> is empty.</exception>
    public static ChangeDecision DecideBulkChange(OrganizationSnapshot snapshot, IReadOnlyList<UserId> targets, IReadOnlyDictionary<UserId, Membership> members, OrgRole newRole)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(members);
        if (targets.Count == 0)
        {
            throw new ArgumentException("A bulk change moves at least one member.", nameof(targets));
        }

        if (ChangeDecision.TryRefuse(RequireActiveAdmin(snapshot), out var refused))
        {
            return refused;
        }

        // One pass: each target is looked up once, for its refusal or its transition.
        var organizationId = snapshot.Organization.Id;
        var transitions = new MemberTransition[targets.Count];
        List<MemberRefusal>? refusals = null;
        for (var i = 0; i < transitions.Length; i++)
        {
            var target = targets[i];
            Refusal? member = !members.TryGetValue(target, out var membership) ? new MemberNotFound(organizationId, target)
                : membership.Status == MembershipStatus.Deactivated ? new TargetDeactivated(organizationId, target)
                : membership.Role == newRole ? new NoChange(organizationId, target, membership.State)
                : null;
            if (member is not null)
            {
                (refusals ??= []).Add(new MemberRefusal(target, member));
            }
            else
            {
                transitions[i] = new MemberTransition(target, membership!.State);
            }
        }

        if (refusals is not null)
        {
            return ChangeDecision.Refuse(new BulkChangeRefused(organizationId, refusals));
        }

        var to = new MembershipState(newRole, MembershipStatus.Active);
        return AdminRemovedBelowMinimum(snapshot, transitions, to) is { } removed
            ? ChangeDecision.Refuse(new LastActiveAdmin(organizationId, removed, snapshot.Organization.Settings.MinimumActiveAdmins))
            : ChangeDecision.Accept(transitions, to);
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
    /// Decides a direct change of settings: only an active Admin changes them; four-eyes can be turned
    /// on only while the organization has the two active Admins it will then have to keep; and while it
    /// is on, it is weakened only through a request another Admin confirms
    /// (<see cref="DecideSettingsRequest"/>), never directly, unless the organization has fewer active
    /// Admins than four-eyes keeps (only data written before that was refused can be so): then there is
    /// no second Admin to confirm, and its Admin may weaken it, audited, to get one.
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

        // Weakening needs a second pair of eyes only where one exists: an organization left with one Admin
        // under four-eyes (data from before it was refused) must not be stuck without a path to a second.
        var organizationId = snapshot.Organization.Id;
        var current = snapshot.Organization.Settings;
        if (settings.WeakensFourEyes(current) && snapshot.ActiveAdminCount >= current.MinimumActiveAdmins)
        {
            return new FourEyesRequired(organizationId, snapshot.Actor!.UserId) { Settings = settings };
        }

        return RequireAdmins(organizationId, snapshot.ActiveAdminCount, settings);
    }

    /// <summary>
    /// Decides a request to change the settings, for another Admin to confirm: the actor must be an
    /// active Admin, and the change one that four-eyes guards (it weakens four-eyes while it is on);
    /// any other change needs no confirmation and is made directly.
    /// </summary>
    /// <param name="snapshot">The organization as read, with the actor.</param>
    /// <param name="settings">The settings asked for.</param>
    /// <returns>The refusal, or <see langword="null"/> when the change may be requested.</returns>
    public static Refusal? DecideSettingsRequest(OrganizationSnapshot snapshot, OrganizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return RequireActiveAdmin(snapshot)
            ?? (settings.WeakensFourEyes(snapshot.Organization.Settings) ? null : new ConfirmationNotNeeded(snapshot.Organization.Id, settings));
    }

    /// <summary>
    /// Decides creating an organization with <paramref name="founders"/> active Admins: it must start
    /// with as many as its settings require (two under four-eyes), or it could never get a second pair
    /// of eyes: its lone Admin could neither add an Admin directly nor confirm their own grant.
    /// </summary>
    /// <param name="organizationId">The new organization.</param>
    /// <param name="founders">How many founding Admins it has.</param>
    /// <param name="settings">Its settings.</param>
    /// <returns>The refusal, or <see langword="null"/> when it may be created.</returns>
    public static Refusal? DecideCreation(OrganizationId organizationId, int founders, OrganizationSettings settings) =>
        RequireAdmins(organizationId, founders, settings);

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

    private static TooFewAdmins? RequireAdmins(OrganizationId organizationId, int activeAdmins, OrganizationSettings settings) =>
        activeAdmins < settings.MinimumActiveAdmins ? new TooFewAdmins(organizationId, activeAdmins, settings.MinimumActiveAdmins) : null;

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

    // A bulk change's members are read beside the snapshot. Apart from the single case, so that its
    // closure is not allocated on every confirm.
    private static ConfirmationPlan DecideBulkConfirmation(
        OrganizationSnapshot snapshot, PendingChange pending, IReadOnlyList<MemberTransition> transitions, IReadOnlyDictionary<UserId, Membership>? members)
    {
        MembershipState? Now(UserId member) => members?.GetValueOrDefault(member)?.State;
        var stale = transitions.Where(t => Now(t.Member) != t.From).ToList();
        if (stale.Count > 0)
        {
            return ConfirmationPlan.Refuse(new StaleChange(pending.Id, stale[0].From, Now(stale[0].Member)) { Members = [.. stale.Select(t => t.Member)] });
        }

        return AdminRemovedBelowMinimum(snapshot, transitions, pending.To) is { } removed
            ? ConfirmationPlan.Refuse(new LastActiveAdmin(pending.OrganizationId, removed, snapshot.Organization.Settings.MinimumActiveAdmins))
            : ConfirmationPlan.Accept(ConfirmationWrite.Members, snapshot, members);
    }

    // Plain counting, no collections: this runs on every request and confirm.
    private static bool KeepsEnoughAdmins(OrganizationSnapshot snapshot, MembershipState from, MembershipState to) =>
        !TooFewAdminsAfter(snapshot, Removes(from, to) ? 1 : 0, Adds(from, to) ? 1 : 0);

    /// <summary>Applies every transition to the count of active Admins; returns an Admin it removes when too few would remain.</summary>
    private static UserId? AdminRemovedBelowMinimum(OrganizationSnapshot snapshot, IReadOnlyList<MemberTransition> transitions, MembershipState to)
    {
        UserId? first = null;
        var (removed, added) = (0, 0);
        for (var i = 0; i < transitions.Count; i++)
        {
            var transition = transitions[i];
            if (Removes(transition.From, to))
            {
                first ??= transition.Member;
                removed++;
            }

            added += Adds(transition.From, to) ? 1 : 0;
        }

        return TooFewAdminsAfter(snapshot, removed, added) ? first : null;
    }

    private static bool Removes(MembershipState from, MembershipState to) => from.IsActiveAdmin && !to.IsActiveAdmin;

    private static bool Adds(MembershipState from, MembershipState to) => to.IsActiveAdmin && !from.IsActiveAdmin;

    private static bool TooFewAdminsAfter(OrganizationSnapshot snapshot, int removed, int added) =>
        removed > 0 && snapshot.ActiveAdminCount - removed + added < snapshot.Organization.Settings.MinimumActiveAdmins;
}
