using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Vectice.Organization.EntityFrameworkCore.Entities;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The snapshot reads as SQL (by organization, with or without a pending change, and by pending change),
/// written once per model from EF Core's metadata (a context type can have several models: one per
/// provider or table prefix). Each is one statement (so that every part is read at one version, see
/// IOrganizationStore) of outer joins on keys: index seeks, whatever the size of the organization; every
/// part filtered by the organization's id. SQL of the store's own rather than a LINQ query, so that a
/// write's lock and its snapshot can go in one command (one round trip), the lock's statement first: at
/// READ COMMITTED the snapshot's statement then reads after the lock's wait.
/// </summary>
internal sealed class SnapshotStatements
{
    private static readonly ConditionalWeakTable<IModel, SnapshotStatements> PerModel = [];

    private readonly RowReader<OrganizationRow> _organizations;
    private readonly RowReader<MembershipRow> _memberships;
    private readonly RowReader<PendingChangeRow> _pendingChanges;
    private readonly string _byOrganization;
    private readonly string _byOrganizationWithoutPendingChange;
    private readonly string _byPendingChange;
    private readonly IProperty _organizationId;
    private readonly IProperty _userId;
    private readonly IProperty _pendingChangeId;
    private Func<DbDataReader, SnapshotRow>? _reader;

    private SnapshotStatements(DbContext context)
    {
        var model = context.Model;
        var sql = context.GetService<ISqlGenerationHelper>();
        var organizations = _organizations = new RowReader<OrganizationRow>(model.FindEntityType(typeof(OrganizationRow))!, sql);
        var memberships = _memberships = new RowReader<MembershipRow>(model.FindEntityType(typeof(MembershipRow))!, sql);
        var changes = _pendingChanges = new RowReader<PendingChangeRow>(model.FindEntityType(typeof(PendingChangeRow))!, sql);

        string Alias(string name) => TableStatements.Escaped(sql.DelimitIdentifier(name));
        var (o, c, a, t, p) = (Alias("o"), Alias("c"), Alias("a"), Alias("t"), Alias("p"));
        var id = organizations.Column(nameof(OrganizationRow.Id));
        var (memberOrganization, user) = (memberships.Column(nameof(MembershipRow.OrganizationId)), memberships.Column(nameof(MembershipRow.UserId)));
        var (role, status) = (memberships.Column(nameof(MembershipRow.Role)), memberships.Column(nameof(MembershipRow.Status)));
        var (changeOrganization, changeId) = (changes.Column(nameof(PendingChangeRow.OrganizationId)), changes.Column(nameof(PendingChangeRow.Id)));
        var target = changes.Column(nameof(PendingChangeRow.TargetUserId));
        _organizationId = organizations.Property(nameof(OrganizationRow.Id));
        _userId = memberships.Property(nameof(MembershipRow.UserId));
        _pendingChangeId = changes.Property(nameof(PendingChangeRow.Id));

        // Admin and Active are constants: literals (through the columns' type mappings and converters), not parameters sent on every read.
        var (admin, active) = (TableStatements.Literal(memberships.Property(nameof(MembershipRow.Role)), OrgRole.Admin), TableStatements.Literal(memberships.Property(nameof(MembershipRow.Status)), MembershipStatus.Active));

        // Slots: {0} the organization, {1} the actor, then {2} the target and {3} the pending change (if one is asked for), or {2} the pending change.
        var members =
            $"SELECT {organizations.Select(o)},\n" +
            $"(SELECT COUNT(*) FROM {memberships.Table} {c} WHERE {c}.{memberOrganization} = {o}.{id} AND {c}.{role} = {admin} AND {c}.{status} = {active}),\n" +
            $"{memberships.Select(a)},\n{memberships.Select(t)}";
        var columns = $"{members},\n{changes.Select(p)}\n";
        var actor = $"LEFT JOIN {memberships.Table} {a} ON {a}.{memberOrganization} = {o}.{id} AND {a}.{user} = {{1}}\n";
        var byOrganization =
            $"FROM {organizations.Table} {o}\n" + actor +
            $"LEFT JOIN {memberships.Table} {t} ON {t}.{memberOrganization} = {o}.{id} AND {t}.{user} = {{2}}\n";
        var organization = $"WHERE {o}.{id} = {{0}}";
        _byOrganization = columns + byOrganization +
            $"LEFT JOIN {changes.Table} {p} ON {p}.{changeOrganization} = {o}.{id} AND {p}.{changeId} = {{3}}\n" + organization;

        // Without a pending change (every write but a confirm or cancel, and every access check), no join for it: one
        // join fewer for SQLite to compile on every execution, and for PostgreSQL to run.
        _byOrganizationWithoutPendingChange = members + "\n" + byOrganization + organization;
        _byPendingChange = columns +
            $"FROM {changes.Table} {p}\n" +
            $"INNER JOIN {organizations.Table} {o} ON {o}.{id} = {p}.{changeOrganization}\n" + actor +
            $"LEFT JOIN {memberships.Table} {t} ON {t}.{memberOrganization} = {p}.{changeOrganization} AND {t}.{user} = {p}.{target}\n" +
            $"WHERE {p}.{changeOrganization} = {{0}} AND {p}.{changeId} = {{2}}";
    }

    public static SnapshotStatements For(DbContext context) => PerModel.GetValue(context.Model, _ => new SnapshotStatements(context));

    /// <summary><see cref="Read"/>, made a delegate once instead of on every read.</summary>
    public Func<DbDataReader, SnapshotRow> Reader => _reader ??= Read;

    /// <summary>The snapshot of an organization, with the actor, the target and, if given, a pending change of the organization.</summary>
    public (string Sql, DbParameterValue[] Values, bool OneRow) ByOrganization(string organizationId, string actor, string target, Guid? pendingChangeId) =>
        pendingChangeId is { } pending
            ? (_byOrganization, [new(_organizationId, organizationId), new(_userId, actor), new(_userId, target), new(_pendingChangeId, pending)], false)
            : (_byOrganizationWithoutPendingChange, [new(_organizationId, organizationId), new(_userId, actor), new(_userId, target)], false);

    /// <summary>The snapshot of a pending change's organization, with the change, its target and the actor.</summary>
    public (string Sql, DbParameterValue[] Values, bool OneRow) ByPendingChange(string organizationId, Guid pendingChangeId, string actor) =>
        (_byPendingChange, [new(_organizationId, organizationId), new(_userId, actor), new(_pendingChangeId, pendingChangeId)], false);

    /// <summary>The snapshot in the reader's current row; without a pending change when the statement has no columns for one.</summary>
    /// <exception cref="InvalidOperationException">The row has neither the columns of a snapshot nor those of one with a pending change.</exception>
    public SnapshotRow Read(DbDataReader reader)
    {
        var organization = _organizations.Read(reader, 0)!;
        var admins = _organizations.Columns.Count;
        var actor = admins + 1;
        var target = actor + _memberships.Columns.Count;
        var pending = target + _memberships.Columns.Count;
        return new SnapshotRow
        {
            Organization = organization,
            // COUNT(*) is a bigint on PostgreSQL, an int on SQL Server.
            ActiveAdmins = Convert.ToInt32(reader.GetValue(admins), CultureInfo.InvariantCulture),
            Actor = _memberships.Read(reader, actor),
            Target = _memberships.Read(reader, target),
            Pending = reader.FieldCount == pending ? null
                : reader.FieldCount == pending + _pendingChanges.Columns.Count ? _pendingChanges.Read(reader, pending)
                : throw new InvalidOperationException($"A snapshot's row has {reader.FieldCount} columns, neither {pending} nor {pending + _pendingChanges.Columns.Count}."),
        };
    }
}
