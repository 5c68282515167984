using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Drops this process's access-check entries (<see cref="OrganizationAccess"/>) for every organization
/// the store committed in a transaction the host began, when EF Core reports that transaction committed.
/// The write pipeline drops them when the SDK's call returns, but the change is not committed until the
/// host commits: a check in between reads the state before it and caches it again, which, without this,
/// this process would obey until the feed reported the change or <c>AccessMaxStaleness</c> passed.
/// </summary>
/// <remarks>
/// One per service provider (a singleton that <c>AddEntityFrameworkStores</c> registers), found through the
/// writing context's application service provider: a context whose options do not come from a service
/// provider is not heard. It hears of the commit through the <see cref="DiagnosticListener"/> to which the
/// writing context's EF Core sends its events (EF Core's own, or the host's <see cref="DiagnosticSource"/>
/// when EF Core uses the host's services), subscribed to for the ends of transactions once a store wrote
/// through it: nothing is added to the context's options, which <c>AddDbContext</c> would copy for every
/// scope, SDK or not. Not heard: a commit made on the <see cref="DbTransaction"/> itself, or through a context
/// whose EF Core reports to another listener (docs/access-checks.md).
/// </remarks>
internal sealed class HostTransactionCommits(IServiceProvider services) : IDisposable
{
    private static readonly string[] Ends =
    [
        RelationalEventId.TransactionCommitted.Name!,
        RelationalEventId.TransactionRolledBack.Name!,
        RelationalEventId.TransactionError.Name!,
        RelationalEventId.TransactionDisposed.Name!,
    ];

    private static readonly Observer Events = new();

    // The listeners subscribed to, each once for the process's life.
    private static readonly ConditionalWeakTable<DiagnosticListener, IDisposable> Subscribed = [];

    // Per host transaction, the organizations committed in it and whose checks to tell. Weak: an entry goes with its
    // transaction. Npgsql reuses one transaction object per physical connection, so an entry of a transaction whose end
    // EF Core did not report stays until the next end reported there: a read more, no stale grant.
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<(HostTransactionCommits Commits, OrganizationId Organization)>> Written = [];

    // Null once the provider is disposed: an entry left on a transaction object Npgsql reuses must not keep it alive.
    private IServiceProvider? _services = services;

    // Resolved on the first commit it drops entries for, not when the store writes: the host's own commit must not
    // fail on the SDK's options.
    private OrganizationAccess? _access;

    /// <summary>
    /// Notes that a commit for <paramref name="organizationId"/> was written through <paramref name="context"/>
    /// in the host's <paramref name="transaction"/>, for the checks of the context's service provider.
    /// </summary>
    public static void WrittenIn(DbContext context, DbTransaction transaction, OrganizationId organizationId)
    {
        if (Of(context) is not { } commits || context.GetService<DiagnosticSource>() is not DiagnosticListener listener)
        {
            return;
        }

        if (!Subscribed.TryGetValue(listener, out _))
        {
            lock (Subscribed)
            {
                if (!Subscribed.TryGetValue(listener, out _))
                {
                    Subscribed.Add(listener, listener.Subscribe(Events, static name => Ends.Contains(name)));
                }
            }
        }

        var written = Written.GetValue(transaction, static _ => []);
        lock (written)
        {
            written.Add((commits, organizationId));
        }
    }

    /// <summary>Whether a store's write in <paramref name="transaction"/> waits for its end to be reported (for tests).</summary>
    internal static bool Notes(DbTransaction transaction) => Written.TryGetValue(transaction, out _);

    public void Dispose() => (_services, _access) = (null, null);

    // The write is kept already: a context whose service provider (a scope) is gone is not heard, and says so by nothing.
    private static HostTransactionCommits? Of(DbContext context)
    {
        try
        {
            return context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<HostTransactionCommits>();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static void Ended(string name, DbTransaction transaction)
    {
        if (!Written.TryGetValue(transaction, out var written))
        {
            return;
        }

        // A failure may be a savepoint's, and a commit that failed may have been written: drop, and keep for the commit.
        var failed = name == RelationalEventId.TransactionError.Name;
        if (!failed)
        {
            Written.Remove(transaction);
        }

        if (!failed && name != RelationalEventId.TransactionCommitted.Name)
        {
            // Rolled back, or disposed without a commit: what the checks read is what stands.
            return;
        }

        (HostTransactionCommits Commits, OrganizationId Organization)[] drop;
        lock (written)
        {
            drop = [.. written];
        }

        foreach (var (commits, organization) in drop)
        {
            commits.Invalidate(organization);
        }
    }

    // The host's transaction has ended already: nothing here may make its commit throw, nor stop another provider's
    // checks from hearing of it. Options that fail validation build no checks, so none cached anything; a disposed
    // provider's checks are gone (an entry left on a transaction object Npgsql reuses); the host's own services may throw.
    private void Invalidate(OrganizationId organization)
    {
        try
        {
            if ((_access ??= _services?.GetRequiredService<OrganizationAccess>()) is { } access)
            {
                access.Invalidate(organization);
            }
        }
#pragma warning disable CA1031 // See above: thrown into the host's commit, already made.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed class Observer : IObserver<KeyValuePair<string, object?>>
    {
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
