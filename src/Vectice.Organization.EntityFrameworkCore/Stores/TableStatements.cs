using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The INSERT, UPDATE and DELETE of one of the SDK's tables, written once per model from EF Core's
/// metadata (table, columns, type mappings with their converters), so that a commit writes exactly
/// what <c>SaveChanges</c> would, without change tracking. Every UPDATE and DELETE filters by the
/// organization's id as well as the row's key: each statement can be routed by organization. An INSERT
/// leaves out the nullable columns whose values are null and that the model gives no default, computed
/// value or converter of nulls (the database writes NULL there, unless a host gave the column a default
/// of its own outside the model), so that a row with few values set sends few parameters.
/// </summary>
internal sealed class TableStatements
{
    private readonly IProperty[] _inserted;
    private readonly IProperty[] _set;
    private readonly IProperty[] _where;
    private readonly IProperty[] _updated;
    private readonly IProperty[] _tokenUpdated = [];

    // Per column of Insert: left out of the INSERT when its value is null (nullable, no default in the model).
    private readonly bool[] _omittedWhenNull;

    // The INSERTs without some columns, by the mask of the columns left out (bit i: _inserted[i]); made once each.
    private readonly ConcurrentDictionary<long, string> _insertsWithout = new();
    private readonly Func<long, string> _insertWithout;

    /// <param name="entity">The table's entity type.</param>
    /// <param name="organizationProperty">The property of the organization's id.</param>
    /// <param name="concurrencyToken">The property every UPDATE also filters by, if any.</param>
    /// <param name="sql">The provider's SQL helper.</param>
    /// <param name="updatedProperties">The only properties an UPDATE sets; all but the key and the organization when null.</param>
    public TableStatements(IEntityType entity, string organizationProperty, string? concurrencyToken, ISqlGenerationHelper sql, string[]? updatedProperties = null)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var name = Escaped(sql.DelimitIdentifier(table.Name, table.Schema));
        string Column(IProperty property) => Escaped(sql.DelimitIdentifier(property.GetColumnName(table)!));

        var properties = entity.GetProperties().ToArray();
        // Only a key the database generates is left out: a column with a default is written like any other.
        _inserted = [.. properties.Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))];
        _where = [.. entity.FindPrimaryKey()!.Properties.Union([entity.FindProperty(organizationProperty)!])];
        _set = updatedProperties is null ? [.. _inserted.Except(_where)] : [.. updatedProperties.Select(p => entity.FindProperty(p)!)];
        _updated = [.. _set, .. _where];
        Table = name;
        // A mask has 64 bits: a table of more columns (none of the SDK's) always writes them all.
        // A converter that writes something for null (ConvertsNulls) must be given the null to convert.
        _omittedWhenNull =
        [
            .. _inserted.Select(p => _inserted.Length < 64 && p.IsNullable && p.GetDefaultValue() is null && p.GetDefaultValueSql() is null
                && p.GetComputedColumnSql() is null && p.GetTypeMapping().Converter?.ConvertsNulls != true),
        ];
        string InsertOf(IProperty[] columns) => $"INSERT INTO {name} ({string.Join(", ", columns.Select(Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => Slot(i)))})";
        Insert = InsertOf(_inserted);
        _insertWithout = mask => InsertOf([.. _inserted.Where((_, i) => (mask & (1L << i)) == 0)]);

        // The key and the organization, their slots numbered from first.
        string Where(int first) => string.Join(" AND ", _where.Select((p, i) => $"{Column(p)} = {Slot(first + i)}"));
        var token = concurrencyToken is null ? null : entity.FindProperty(concurrencyToken)!;
        Update = $"UPDATE {name} SET {string.Join(", ", _set.Select((p, i) => $"{Column(p)} = {Slot(i)}"))} WHERE {Where(_set.Length)}"
            + (token is null ? string.Empty : $" AND {Column(token)} = {Slot(_set.Length + _where.Length)}");
        Delete = $"DELETE FROM {name} WHERE {Where(0)}";
        if (token is not null)
        {
            _tokenUpdated = [token, .. _where];
            TokenUpdate = $"UPDATE {name} SET {Column(token)} = {Slot(0)} WHERE {Where(1)} AND {Column(token)} = {Slot(1 + _where.Length)}";
        }

        OrganizationColumn = Column(entity.FindProperty(organizationProperty)!);
        TokenColumn = token is null ? null : Column(token);
        Token = token;
    }

    /// <summary>
    /// The statements are composite formats whose items are the parameters, in the order of their
    /// values: a commit puts several statements in one command and names their parameters apart.
    /// </summary>
    public static string Slot(int index) => "{" + index.ToString(CultureInfo.InvariantCulture) + "}";

    /// <summary>A constant as <paramref name="property"/>'s SQL literal (its type mapping and converter applied), escaped for a composite format.</summary>
    public static string Literal(IProperty property, object value) => Escaped(((RelationalTypeMapping)property.GetTypeMapping()).GenerateSqlLiteral(value));

    /// <summary>An identifier escaped for a composite format, whose braces are the parameters' slots.</summary>
    public static string Escaped(string identifier) => identifier.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    /// <summary>The table's delimited name.</summary>
    public string Table { get; }

    /// <summary>The delimited column of the concurrency token, if the table has one.</summary>
    public string? TokenColumn { get; }

    /// <summary>The delimited column of the organization's id.</summary>
    public string OrganizationColumn { get; }

    /// <summary>The INSERT of every column but a generated key (format: see <see cref="Slot"/>); <see cref="InsertOf"/> leaves out null columns.</summary>
    public string Insert { get; }

    /// <summary>The UPDATE of the updated columns (every one but the key and the organization unless told), by both, and by the concurrency token if any.</summary>
    public string Update { get; }

    /// <summary>The DELETE by key and organization.</summary>
    public string Delete { get; }

    /// <summary>
    /// The UPDATE of the concurrency token alone, by key, organization and the token's value still expected;
    /// <see langword="null"/> for a table without a token. For a write that changes nothing else of the row as
    /// it read it in the same transaction (see <see cref="CommitStatements.Statements"/>).
    /// </summary>
    public string? TokenUpdate { get; }

    private IProperty? Token { get; }

    /// <summary>
    /// The INSERT of <paramref name="row"/> and its parameters: <see cref="Insert"/> without the nullable
    /// columns (without a default) whose values are null. Each statement is made once per set of such columns
    /// and kept (a table has few: those of its kinds of rows), the same string each time.
    /// </summary>
    public (string Sql, DbParameterValue[] Values) InsertOf(object row)
    {
        // The columns left out first, so that the parameters are made once, in an array of their number.
        var omitted = 0L;
        var kept = _inserted.Length;
        for (var i = 0; i < _inserted.Length; i++)
        {
            if (_omittedWhenNull[i] && _inserted[i].GetGetter().GetClrValue(row) is null)
            {
                omitted |= 1L << i;
                kept--;
            }
        }

        if (omitted == 0)
        {
            return (Insert, Values(row, _inserted, []));
        }

        var values = new DbParameterValue[kept];
        var n = 0;
        for (var i = 0; i < _inserted.Length; i++)
        {
            if ((omitted & (1L << i)) == 0)
            {
                values[n++] = new DbParameterValue(_inserted[i], _inserted[i].GetGetter().GetClrValue(row));
            }
        }

        return (_insertsWithout.GetOrAdd(omitted, _insertWithout), values);
    }

    /// <summary>The parameters of <see cref="Update"/>; with the value the concurrency token must still have, if the table has one.</summary>
    public DbParameterValue[] UpdateValues(object row, object? expectedToken = null) =>
        Values(row, _updated, Token is null ? [] : [new DbParameterValue(Token, expectedToken)]);

    /// <summary>The parameters of <see cref="TokenUpdate"/>: the row's new token, its key and organization, and the token's value still expected.</summary>
    public DbParameterValue[] TokenUpdateValues(object row, object? expectedToken) => Values(row, _tokenUpdated, [new DbParameterValue(Token!, expectedToken)]);

    /// <summary>The parameters of <see cref="Delete"/>.</summary>
    public DbParameterValue[] DeleteValues(object row) => Values(row, _where, []);

    private static DbParameterValue[] Values(object row, IProperty[] properties, DbParameterValue[] extra)
    {
        var values = new DbParameterValue[properties.Length + extra.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            values[i] = new DbParameterValue(properties[i], properties[i].GetGetter().GetClrValue(row));
        }

        extra.CopyTo(values, properties.Length);
        return values;
    }
}
