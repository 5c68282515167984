using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Drops this process's access-check entries (<see cref="OrganizationAccess"/>) for every organization
/// the store committed in a transaction the host began, when EF Core reports that transaction committed.
/// The write pipeline drops them when the SDK's call returns, but the change is not committed until the
/// host commits: a check in between reads the state before it and caches it again, which, without this,
/// this process would obey until the feed reported the change or <c>AccessMaxStaleness</c> passed.
/// </summary>
/// <remarks>
/// One per service provider (a singleton, given to the store by <c>AddEntityFrameworkStores</c>). It hears
/// of commits through EF Core's diagnostic events (<see cref="DiagnosticListener"/>), to which the process
/// subscribes once, for the end of a transaction only: nothing is added to the host's context options,
/// which <c>AddDbContext</c> would otherwise copy for every scope, whether or not it uses the SDK. It
/// hears of a commit EF Core makes, through any context; not of one made on the <see cref="DbTransaction"/>
/// itself (docs/access-checks.md).
/// </remarks>
internal sealed class HostTransactionCommits(IServiceProvider services)
{
    // Per host transaction, the organizations committed in it and whose checks to tell. Weak: an entry goes with its
    // transaction. Npgsql reuses one transaction object per physical connection, so an entry of a transaction disposed
    // without commit or rollback stays until the next commit there, which drops it: a read more, no stale grant.
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<(HostTransactionCommits Commits, OrganizationId Organization)>> Written = [];

    // Resolved on the first commit it drops entries for, not when the store is built: the host's own commit must
    // not fail on the SDK's options.
    private OrganizationAccess? _access;

    static HostTransactionCommits() => DiagnosticListener.AllListeners.Subscribe(new Listeners());

    /// <summary>Notes that a commit for <paramref name="organizationId"/> was written in the host's <paramref name="transaction"/>.</summary>
    public void WrittenIn(DbTransaction transaction, OrganizationId organizationId)
    {
        var written = Written.GetValue(transaction, static _ => []);
        lock (written)
        {
            written.Add((this, organizationId));
        }
    }

    // A commit that failed may have been written: drop, and keep for a later commit, as the failure may be a savepoint's.
    private static void Ended(string name, DbTransaction transaction)
    {
        if (!Written.TryGetValue(transaction, out var written))
        {
            return;
        }

        var (committed, failed) = (name == RelationalEventId.TransactionCommitted.Name, name == RelationalEventId.TransactionError.Name);
        if (!failed)
        {
            Written.Remove(transaction);
        }

        if (!committed && !failed)
        {
            // Rolled back: what the checks read is what stands.
            return;
        }

        (HostTransactionCommits Commits, OrganizationId Organization)[] drop;
        lock (written)
        {
            drop = [.. written];
        }

        foreach (var (commits, organization) in drop)
        {
            commits.Access()?.Invalidate(organization);
        }
    }

    private OrganizationAccess? Access()
    {
        try
        {
            return _access ??= services.GetRequiredService<OrganizationAccess>();
        }
        catch (OptionsValidationException)
        {
            // No access checks can exist under these options, so none cached anything; and the host's commit is made.
            return null;
        }
        catch (ObjectDisposedException)
        {
            // The service provider is gone, and its checks with it: an entry left on a transaction object that Npgsql
            // reuses for its connection's next transaction, whichever provider that one is the store's of.
            return null;
        }
    }

    /// <summary>Subscribes to EF Core's listener, for the ends of transactions only, each time one is created.</summary>
    private sealed class Listeners : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private static readonly Predicate<string> IsTransactionEnd = static name =>
            name == RelationalEventId.TransactionCommitted.Name
            || name == RelationalEventId.TransactionRolledBack.Name
            || name == RelationalEventId.TransactionError.Name;

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                value.Subscribe(this, IsTransactionEnd);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is TransactionEventData { Transaction: { } transaction })
            {
                Ended(value.Key, transaction);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
