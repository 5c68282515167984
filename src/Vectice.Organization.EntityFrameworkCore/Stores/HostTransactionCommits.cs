using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Drops this process's access-check entries (<see cref="OrganizationAccess"/>) for every organization
/// the store committed in a transaction the host began on its context, when the host commits it. The
/// write pipeline drops them when the SDK's call returns, but the change is not committed until the
/// host commits: a check in between reads the state before it and caches it again, which, without this,
/// this process would obey until the feed reported the change or <c>AccessMaxStaleness</c> passed.
/// </summary>
/// <remarks>
/// One per service provider (a singleton), in the options of the host's context, which
/// <c>AddEntityFrameworkStores</c> configures. It hears of a commit through the context that wrote: not
/// of one on the <see cref="DbTransaction"/> itself or through another context, nor of any in a context
/// whose options do not come from the service provider (docs/access-checks.md).
/// </remarks>
internal sealed class HostTransactionCommits(IServiceProvider services) : DbTransactionInterceptor
{
    // Resolved on the first commit it drops entries for, not when the context's options are built: the host's own
    // context must not fail on the SDK's options.
    private OrganizationAccess? _access;

    // Per host transaction, the organizations committed in it. Weak: an entry goes with its transaction.
    // Npgsql reuses one transaction object per physical connection, so an entry of a transaction disposed
    // without commit or rollback stays until the next commit there, which drops it: a read more, no stale grant.
    private readonly ConditionalWeakTable<DbTransaction, HashSet<OrganizationId>> _written = [];

    /// <summary>This provider's instance in <paramref name="context"/>'s options, or null when they have none.</summary>
    public static HostTransactionCommits? In(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<HostTransactionCommits>().FirstOrDefault();

    /// <summary>Notes that a commit for <paramref name="organizationId"/> was written in the host's <paramref name="transaction"/>.</summary>
    public void Written(DbTransaction transaction, OrganizationId organizationId)
    {
        var organizations = _written.GetValue(transaction, static _ => []);
        lock (organizations)
        {
            organizations.Add(organizationId);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Drop(transaction, forget: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(transaction, forget: true);
        return Task.CompletedTask;
    }

    // The transaction did not commit: what the checks read is what stands.
    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _written.Remove(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _written.Remove(transaction);
        return Task.CompletedTask;
    }

    // A commit that failed may have been written: drop. Kept for a later commit, as the failure may be a savepoint's.
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Drop(transaction, forget: false);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(transaction, forget: false);
        return Task.CompletedTask;
    }

    private void Drop(DbTransaction transaction, bool forget)
    {
        if (!_written.TryGetValue(transaction, out var organizations))
        {
            return;
        }

        if (forget)
        {
            _written.Remove(transaction);
        }

        OrganizationId[] written;
        lock (organizations)
        {
            written = [.. organizations];
        }

        OrganizationAccess access;
        try
        {
            access = _access ??= services.GetRequiredService<OrganizationAccess>();
        }
        catch (OptionsValidationException)
        {
            // No access checks can exist under these options, so none cached anything; and the host's commit is made.
            return;
        }

        foreach (var organizationId in written)
        {
            access.Invalidate(organizationId);
        }
    }
}
