using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;

namespace Vectice.Organization.StressWorker;

/// <summary>
/// Random promotions, demotions, deactivations, reactivations, confirms and cancels on one
/// organization, each in its own context (as one web request would be): a fixed number of them, so
/// that a slow machine runs the same test as a fast one, only slower.
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
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var roleChanges = new RoleChangeService(store, Options);
        var members = (await store.ListMembersAsync(organization, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None)).Items;
        var someone = members[0];
        await roleChanges.RequestAsync(someone.UserId, organization, someone.UserId, someone.Role);
        await roleChanges.ConfirmAsync(someone.UserId, PendingChangeId.New());
        await roleChanges.CancelAsync(someone.UserId, PendingChangeId.New());
        await PickPendingAsync(store);
    }

    public async Task<Tally> RunAsync(int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            _tally.Operations++;
            try
            {
                await OneOperationAsync();
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
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var roleChanges = new RoleChangeService(store, Options, TimeProvider.System, new RetryCounter(_tally));
        var members = (await store.ListMembersAsync(organization, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None)).Items;
        var admins = members.Where(m => m.IsActiveAdmin).ToList();
        var actor = admins.Count > 0 && _random.Next(5) > 0 ? Pick(admins).UserId : Pick(members).UserId;
        var target = Pick(members).UserId;

        switch (_random.Next(10))
        {
            case < 4:
                var request = _random.Next(4) switch
                {
                    0 => await roleChanges.RequestDeactivationAsync(actor, organization, target),
                    1 => await roleChanges.RequestReactivationAsync(actor, organization, target),
                    _ => await roleChanges.RequestAsync(actor, organization, target, (OrgRole)_random.Next(1, 4)),
                };
                Count(request.Refusal, () => _tally.Requested++);
                break;
            case < 8:
                if (await PickPendingAsync(store) is { } toConfirm)
                {
                    var confirmed = await roleChanges.ConfirmAsync(toConfirm.RequestedBy, toConfirm.Id);
                    Count(confirmed.Refusal, () => _tally.Applied++);
                }

                break;
            default:
                if (await PickPendingAsync(store) is { } toCancel)
                {
                    var cancelled = await roleChanges.CancelAsync(actor, toCancel.Id);
                    Count(cancelled.Refusal, () => _tally.Cancelled++);
                }

                break;
        }
    }

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
