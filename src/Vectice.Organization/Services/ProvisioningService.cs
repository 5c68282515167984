using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// Creates organizations, each with its founding Admin so that none ever starts without one, and
/// adds users as members.
/// </summary>
public sealed class ProvisioningService
{
    private readonly ServiceContext _context;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="observers">Told of every organization created and member added; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public ProvisioningService(
        IOrganizationStore store,
        IOptions<VecticeOrganizationOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<ProvisioningService>? logger = null,
        IEnumerable<IMembershipChangeObserver>? observers = null) =>
        _context = new ServiceContext(store, options, timeProvider, logger ?? NullLogger<ProvisioningService>.Instance, observers);

    /// <summary>
    /// Creates an organization whose first members, <paramref name="founder"/> and any
    /// <paramref name="coFounders"/>, are active Admins: at least as many as its settings require (two
    /// under four-eyes, so that a second pair of eyes exists from the start). The founder is the actor
    /// of the audit entries, one per founding Admin.
    /// </summary>
    /// <param name="organizationId">The new organization's identifier.</param>
    /// <param name="name">Its display name.</param>
    /// <param name="founder">Its founding Admin.</param>
    /// <param name="settings">Its settings; both off by default. With four-eyes on, a lone founder is refused (<see cref="TooFewAdmins"/>).</param>
    /// <param name="coFounders">Other founding Admins, each once (at most <see cref="PendingChange.MaxBulkMembers"/>); none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The organization, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the exception names it.</exception>
    public ValueTask<CreateOrganizationResult> CreateOrganizationAsync(
        OrganizationId organizationId,
        string name,
        User founder,
        OrganizationSettings settings = default,
        IReadOnlyCollection<User>? coFounders = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(founder);
        var admins = Guard.Founders(founder, coFounders ?? [], PendingChange.MaxBulkMembers, nameof(coFounders));
        Guard.Defined(settings.FourEyes, nameof(settings));
        var organization = new OrganizationInfo(organizationId, name, settings, version: 1);

        return _context.WriteAsync<CreateOrganizationOperation, CreateOrganizationResult>(new(organization, founder.Id, admins), cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="user"/> to the organization with <paramref name="role"/>. An active Admin
    /// may add any role; an active Member may add Members and Viewers when
    /// <see cref="OrganizationSettings.MembersCanInviteColleagues"/> is on; a Viewer never.
    /// </summary>
    /// <param name="actor">The member adding.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="user">The user to add.</param>
    /// <param name="role">Their role.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new membership, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the exception names it.</exception>
    public ValueTask<AddMemberResult> AddMemberAsync(
        UserId actor, OrganizationId organizationId, User user, OrgRole role, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(user);
        Guard.Defined(role, nameof(role));

        return _context.WriteAsync<AddMemberOperation, AddMemberResult>(new(actor, organizationId, user, role), cancellationToken);
    }
}
