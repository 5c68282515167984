using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Entities;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Finds out whether a commit whose SQL failed was written anyway: the connection can
/// be lost after COMMIT reached the server, which then commits without anyone hearing of it. First it
/// waits until no transaction of the commit can still be running on the server, then it reads the
/// row that only that commit writes.
/// </summary>
internal static class CommitReadBack
{
    // Not the caller's token: a commit that has started is owed its outcome (IOrganizationStore.CommitAsync).
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Whether the commit was written, and whether the organization's version moved since the commit was decided.</summary>
    /// <exception cref="InvalidOperationException">The commit writes nothing that only it could have written.</exception>
    public static async Task<(bool Committed, bool VersionMoved)> ReadAsync(DbContext context, OrganizationCommit commit)
    {
        await WaitForInFlightCommitAsync(context, commit).ConfigureAwait(false);
        var id = commit.Organization.Id.Value;
        var version = await context.Set<OrganizationRow>().AsNoTracking().Where(o => o.Id == id).Select(o => (long?)o.Version).FirstOrDefaultAsync(None).ConfigureAwait(false);
        var moved = commit.ExpectedVersion == 0 ? version is not null : version != commit.ExpectedVersion;

        // Versions only grow, and the commit would have moved this one: unmoved, it was not written.
        return (moved && await MarkerExistsAsync(context, commit).ConfigureAwait(false), moved);
    }

    /// <summary>
    /// A transaction of the commit that the server is still running (its COMMIT in flight) holds the
    /// organization row's lock (for a new organization: its key) until it ends. Taking the same lock,
    /// in a transaction rolled back at once, waits for it; a no-op on every provider.
    /// </summary>
    private static async Task WaitForInFlightCommitAsync(DbContext context, OrganizationCommit commit)
    {
        var id = commit.Organization.Id.Value;
        var transaction = await context.Database.BeginTransactionAsync(None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (commit.ExpectedVersion != 0)
            {
                await context.Set<OrganizationRow>().Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Version, o => o.Version), None).ConfigureAwait(false);
            }
            else
            {
                // A row being inserted is invisible to an UPDATE; inserting the same key waits for it instead
                // (with the store's own SQL: the change tracker, and the host's entities in it, stay out of this).
                var statements = CommitStatements.For(context);
                try
                {
                    await statements.ExecuteAsync(context, statements.Statements(new OrganizationCommit { Organization = commit.Organization }, notification: null, asRead: null), None).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // The key exists: whoever inserted it has finished. The reads that follow say who.
                }
            }

            await transaction.RollbackAsync(None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The commit's own row: its first audit entry (entries are never deleted, and a confirm's names its
    /// pending change), else the pending change it adds (a fresh random id: there at all) or closes (its
    /// new status, closer and time), else the pending changes it deletes being gone.
    /// </summary>
    private static async Task<bool> MarkerExistsAsync(DbContext context, OrganizationCommit commit)
    {
        if (commit.AuditEntries.Count > 0)
        {
            var entry = AuditEntryRow.From(commit.AuditEntries[0]);
            return await context.Set<AuditEntryRow>().AsNoTracking().AnyAsync(
                a => a.OrganizationId == entry.OrganizationId && a.AtUtcTicks == entry.AtUtcTicks && a.Action == entry.Action
                    && a.Actor == entry.Actor && a.Target == entry.Target && a.PendingChangeId == entry.PendingChangeId,
                None).ConfigureAwait(false);
        }

        if (commit.AddedPendingChange is { } added)
        {
            // A fresh random id: if the row is there, this commit wrote it, whatever became of it since (another Admin may have closed it already).
            var (organization, id) = (added.OrganizationId.Value, added.Id.Value);
            return await context.Set<PendingChangeRow>().AsNoTracking().AnyAsync(p => p.OrganizationId == organization && p.Id == id, None).ConfigureAwait(false);
        }

        if (commit.UpdatedPendingChange is { } closed)
        {
            var (organization, id) = (closed.OrganizationId.Value, closed.Id.Value);
            var stored = await context.Set<PendingChangeRow>().AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == organization && p.Id == id, None).ConfigureAwait(false);
            return stored is not null && stored.Status == closed.Status && stored.ClosedBy == closed.ClosedBy?.Value && stored.ClosedAt == closed.ClosedAt;
        }

        if (commit.RemovedPendingChanges.Count > 0)
        {
            // Another purge of the same changes would read the same; either way they are gone, as the caller asked.
            var organization = commit.Organization.Id.Value;
            var ids = commit.RemovedPendingChanges.Select(p => p.Value).ToList();
            return !await context.Set<PendingChangeRow>().AsNoTracking().AnyAsync(p => p.OrganizationId == organization && ids.Contains(p.Id), None).ConfigureAwait(false);
        }

        throw new InvalidOperationException(
            $"The commit to organization '{commit.Organization.Id}' failed and writes no row that only it could have written, so whether it was written is unknown.");
    }
}
