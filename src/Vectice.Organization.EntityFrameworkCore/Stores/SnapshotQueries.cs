using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Vectice.Organization.EntityFrameworkCore.Entities;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The two snapshot reads, compiled once per model (EF binds a compiled query to the model it first
/// ran on; one context type can have several, one per provider or table prefix). Each is one
/// statement (so every part is read at one version, see IOrganizationStore) of left joins on keys:
/// index seeks, whatever the size of the organization. Tagged, so that PostgreSQL plans each once per
/// connection (<see cref="StatementPreparation"/>).
/// </summary>
internal sealed class SnapshotQueries<TContext>
    where TContext : DbContext
{
    private static readonly ConditionalWeakTable<IModel, SnapshotQueries<TContext>> PerModel = [];

    public static SnapshotQueries<TContext> For(TContext context) => PerModel.GetValue(context.Model, static _ => new SnapshotQueries<TContext>());

    public readonly Func<TContext, string, string, string, Guid?, CancellationToken, Task<SnapshotRow?>> ByOrganization =
        EF.CompileAsyncQuery((TContext context, string id, string actor, string target, Guid? pendingId, CancellationToken _) =>
            (from o in context.Set<OrganizationRow>().AsNoTracking().TagWith(StatementPreparation.Tag)
             where o.Id == id
             join a in context.Set<MembershipRow>().AsNoTracking().Where(m => m.UserId == actor) on o.Id equals a.OrganizationId into actors
             from a in actors.DefaultIfEmpty()
             join t in context.Set<MembershipRow>().AsNoTracking().Where(m => m.UserId == target) on o.Id equals t.OrganizationId into targets
             from t in targets.DefaultIfEmpty()
             join p in context.Set<PendingChangeRow>().AsNoTracking().Where(p => p.Id == pendingId) on o.Id equals p.OrganizationId into changes
             from p in changes.DefaultIfEmpty()
             select new SnapshotRow
             {
                 Organization = o,
                 ActiveAdmins = context.Set<MembershipRow>().Count(m => m.OrganizationId == o.Id && m.Role == OrgRole.Admin && m.Status == MembershipStatus.Active),
                 Actor = a,
                 Target = t,
                 Pending = p,
             })
            .FirstOrDefault());

    public readonly Func<TContext, string, Guid, string, CancellationToken, Task<SnapshotRow?>> ByPendingChange =
        EF.CompileAsyncQuery((TContext context, string id, Guid pendingId, string actor, CancellationToken _) =>
            (from p in context.Set<PendingChangeRow>().AsNoTracking().TagWith(StatementPreparation.Tag)
             where p.OrganizationId == id && p.Id == pendingId
             join o in context.Set<OrganizationRow>().AsNoTracking() on p.OrganizationId equals o.Id
             join a in context.Set<MembershipRow>().AsNoTracking().Where(m => m.UserId == actor) on o.Id equals a.OrganizationId into actors
             from a in actors.DefaultIfEmpty()
             join t in context.Set<MembershipRow>().AsNoTracking() on new { Organization = p.OrganizationId, User = p.TargetUserId } equals new { Organization = t.OrganizationId, User = t.UserId } into targets
             from t in targets.DefaultIfEmpty()
             select new SnapshotRow
             {
                 Organization = o,
                 ActiveAdmins = context.Set<MembershipRow>().Count(m => m.OrganizationId == o.Id && m.Role == OrgRole.Admin && m.Status == MembershipStatus.Active),
                 Actor = a,
                 Target = t,
                 Pending = p,
             })
            .FirstOrDefault());
}
