using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Reads one of the SDK's rows from a run of columns of a data reader, the way EF Core's own
/// materializer does: each column with its type mapping's reader method, then its value converter,
/// compiled once per model. The store's snapshot is SQL of its own (so that the lock can go in the same
/// command), and this reads it.
/// </summary>
/// <typeparam name="TRow">The row type.</typeparam>
internal sealed class RowReader<TRow>
    where TRow : class
{
    private readonly Func<DbDataReader, int, TRow> _read;
    private readonly int _keyOffset;
    private readonly IProperty[] _properties;

    public RowReader(IEntityType entity, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        IProperty[] properties = [.. entity.GetProperties()];
        _properties = properties;
        Columns = [.. properties.Select(p => TableStatements.Escaped(sql.DelimitIdentifier(p.GetColumnName(table)!)))];
        Table = TableStatements.Escaped(sql.DelimitIdentifier(table.Name, table.Schema));
        _keyOffset = Array.IndexOf(properties, entity.FindPrimaryKey()!.Properties[0]);
        _read = Compile(properties);
    }

    /// <summary>The table's delimited name, escaped for a composite format (see <see cref="TableStatements.Slot"/>).</summary>
    public string Table { get; }

    /// <summary>The delimited columns, escaped like <see cref="Table"/>, in the order <see cref="Read"/> reads them.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The column of the property named <paramref name="property"/>, escaped like <see cref="Table"/>.</summary>
    public string Column(string property) => Columns[Array.FindIndex(_properties, p => p.Name == property)];

    /// <summary>The property named <paramref name="property"/>, whose type mapping writes a parameter compared with its column.</summary>
    public IProperty Property(string property) => Array.Find(_properties, p => p.Name == property)!;

    /// <summary>The columns, each prefixed with <paramref name="alias"/>, comma-separated.</summary>
    public string Select(string alias) => string.Join(", ", Columns.Select(c => alias + "." + c));

    /// <summary>The row in the columns from <paramref name="start"/>; <see langword="null"/> when its key is (an outer join that found none).</summary>
    public TRow? Read(DbDataReader reader, int start) => reader.IsDBNull(start + _keyOffset) ? null : _read(reader, start);

    private static Func<DbDataReader, int, TRow> Compile(IProperty[] properties)
    {
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var start = Expression.Parameter(typeof(int), "start");
        var bindings = new MemberBinding[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            var property = properties[i];
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var ordinal = Expression.Add(start, Expression.Constant(i));
            var read = mapping.CustomizeDataReaderExpression(Expression.Call(reader, mapping.GetDataReaderMethod(), ordinal));
            var providerType = mapping.Converter?.ProviderClrType ?? property.ClrType;
            var value = Convert(read, Nullable.GetUnderlyingType(providerType) ?? providerType);
            if (mapping.Converter is { } converter)
            {
                value = Expression.Invoke(converter.ConvertFromProviderExpression, Convert(value, converter.ProviderClrType));
            }

            value = Convert(value, property.ClrType);
            if (property.IsNullable)
            {
                value = Expression.Condition(Expression.Call(reader, nameof(DbDataReader.IsDBNull), null, ordinal), Expression.Default(property.ClrType), value);
            }

            bindings[i] = Expression.Bind(property.PropertyInfo!, value);
        }

        var row = Expression.MemberInit(Expression.New(typeof(TRow)), bindings);
        return Expression.Lambda<Func<DbDataReader, int, TRow>>(row, reader, start).Compile();
    }

    private static Expression Convert(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);
}
