using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;

namespace Vectice.Organization.StressWorker;

/// <summary>
/// One writer's random writes on one organization, each in its own context (as one web request would be): role
/// changes, deactivations and reactivations (often of an Admin, themselves included, to press on the
/// last-Admin rule), bulk changes, confirms by the requester or by another Admin, cancels, settings
/// changes (four-eyes on and off) and requests to weaken four-eyes. A fixed number of them, so that a
/// slow machine runs the same test as a fast one, only slower.
/// </summary>
internal sealed class Hammer(string connectionString, OrganizationId organization, string name)
{
    private static readonly IOptions<VecticeOrganizationOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions { MaxAttempts = 20 });

    private readonly Random _random = new();
    private readonly Tally _tally = new() { Worker = name };

    /// <summary>
    /// Compiles what the operations run (the SDK's paths, EF's queries, the first connection) without
    /// changing anything, so that the first measured operation races the other workers instead of the JIT.
    /// </summary>
    public async Task WarmUpAsync()
    {
        await using var context = NewContext();
        var (store, roleChanges, settings) = Services(context);
        var members = await MembersAsync(store);
        var someone = members[0];
        await roleChanges.RequestAsync(someone.UserId, organization, someone.UserId, someone.Role);
        await roleChanges.RequestBulkAsync(someone.UserId, organization, [someone.UserId], someone.Role);
        await roleChanges.ConfirmAsync(someone.UserId, PendingChangeId.New(organization));
        await roleChanges.CancelAsync(someone.UserId, PendingChangeId.New(organization));
        await settings.RequestChangeAsync(someone.UserId, organization, default);
        await PickPendingAsync(store);
    }

    public async Task<Tally> RunAsync(int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            _tally.Operations++;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await OneOperationAsync();
                _tally.Spans.Add([started, Stopwatch.GetTimestamp()]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _tally.Errors++;
                _tally.ErrorMessages.Add(e.GetType().Name + ": " + e.Message);
            }
        }

        return _tally;
    }

    private async Task OneOperationAsync()
    {
        await using var context = NewContext();
        var (store, roleChanges, settings) = Services(context);
        var members = await MembersAsync(store);
        var admins = members.Where(m => m.IsActiveAdmin).ToList();
        var actor = admins.Count > 0 && _random.Next(5) > 0 ? Pick(admins).UserId : Pick(members).UserId;

        switch (_random.Next(10))
        {
            case < 3:
                // Half the time an active Admin, the actor included: the last-Admin rule must hold.
                var target = admins.Count > 0 && _random.Next(2) == 0 ? Pick(admins).UserId : Pick(members).UserId;
                var request = _random.Next(4) switch
                {
                    0 => await roleChanges.RequestDeactivationAsync(actor, organization, target),
                    1 => await roleChanges.RequestReactivationAsync(actor, organization, target),
                    _ => await roleChanges.RequestAsync(actor, organization, target, (OrgRole)_random.Next(1, 4)),
                };
                Count(request.Refusal, () => _tally.Requested++);
                break;
            case 3:
                // Active members not yet in the role, so that it is the rules on the whole that decide.
                var role = (OrgRole)_random.Next(1, 4);
                var movable = members.Where(m => m.Status == MembershipStatus.Active && m.Role != role).ToList();
                var group = movable.OrderBy(_ => _random.Next()).Take(_random.Next(2, 4)).Select(m => m.UserId).ToArray();
                if (group.Length > 0)
                {
                    Count((await roleChanges.RequestBulkAsync(actor, organization, group, role)).Refusal, () => _tally.BulkRequested++);
                }

                break;
            case < 7:
                if (await PickPendingAsync(store) is { } toConfirm)
                {
                    // Mostly whom four-eyes (as requested) asks for, the requester or another Admin; sometimes anyone.
                    var others = admins.Where(a => a.UserId != toConfirm.RequestedBy).ToList();
                    var confirmer = _random.Next(10) < 3 || others.Count == 0 ? Pick(members).UserId
                        : toConfirm.NeedsSecondAdmin ? Pick(others).UserId : toConfirm.RequestedBy;
                    Count((await roleChanges.ConfirmAsync(confirmer, toConfirm.Id)).Refusal, () => _tally.Applied++);
                }

                break;
            case 7:
                if (await PickPendingAsync(store) is { } toCancel)
                {
                    Count((await roleChanges.CancelAsync(actor, toCancel.Id)).Refusal, () => _tally.Cancelled++);
                }

                break;
            case 8:
                var direct = new OrganizationSettings(false, _random.Next(2) == 0, (FourEyesPolicy)_random.Next(0, 3));
                Count((await settings.ChangeAsync(actor, organization, direct)).Refusal, () => _tally.SettingsChanged++);
                break;
            default:
                var weaker = new OrganizationSettings(false, false, (FourEyesPolicy)_random.Next(0, 2));
                Count((await settings.RequestChangeAsync(actor, organization, weaker)).Refusal, () => _tally.SettingsRequested++);
                break;
        }
    }

    private static (IOrganizationStore Store, RoleChangeService RoleChanges, OrganizationSettingsService Settings) Services(OrganizationDbContext context)
    {
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        return (store,
            new RoleChangeService(store, Options, TimeProvider.System),
            new OrganizationSettingsService(store, Options, TimeProvider.System));
    }

    private async Task<IReadOnlyList<Membership>> MembersAsync(IOrganizationStore store) =>
        (await store.ListMembersAsync(organization, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None)).Items;

    private async Task<PendingChange?> PickPendingAsync(IOrganizationStore store)
    {
        var open = (await store.ListPendingChangesAsync(organization, new PendingChangeQuery { Limit = 100 }, CancellationToken.None)).Items;
        return open.Count == 0 ? null : Pick(open);
    }

    private void Count(Refusal? refusal, Action success)
    {
        if (refusal is null)
        {
            success();
        }
        else
        {
            _tally.Refused(refusal);
        }
    }

    private OrganizationDbContext NewContext() =>
        new(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(connectionString).Options);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
