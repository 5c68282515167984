using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// An INSERT leaves out the nullable columns without a default whose values are null, and sends their
/// parameters no more; each such statement is made once and kept, so that the command built for it is too
/// (commands are kept per statement, by reference: see StatementCommands).
/// </summary>
public sealed class TableStatementsTests : IDisposable
{
    private readonly RowsContext _context = new();
    private readonly TableStatements _rows;

    public TableStatementsTests()
    {
        _rows = new TableStatements(_context.Model.FindEntityType(typeof(Row))!, nameof(Row.OrganizationId), null, _context.GetService<ISqlGenerationHelper>());
    }

    [Fact]
    public void A_row_with_every_column_set_is_inserted_whole()
    {
        var (sql, values) = _rows.InsertOf(new Row { Id = 1, OrganizationId = "acme", Plain = "p", WithDefault = "d" });

        Assert.Same(_rows.Insert, sql);
        Assert.Equal("INSERT INTO \"Rows\" (\"Id\", \"OrganizationId\", \"Plain\", \"WithDefault\") VALUES ({0}, {1}, {2}, {3})", sql);
        Assert.Equal([1, "acme", "p", "d"], values.Select(v => v.Value));
    }

    [Fact]
    public void A_null_nullable_column_without_a_default_is_left_out_and_its_statement_is_made_once()
    {
        var first = _rows.InsertOf(new Row { Id = 1, OrganizationId = "acme", Plain = null, WithDefault = null });
        var again = _rows.InsertOf(new Row { Id = 2, OrganizationId = "acme", Plain = null, WithDefault = "d" });

        // The column with a default is written, null or not: leaving it out would store the default instead.
        Assert.Equal("INSERT INTO \"Rows\" (\"Id\", \"OrganizationId\", \"WithDefault\") VALUES ({0}, {1}, {2})", first.Sql);
        Assert.Equal([1, "acme", null], first.Values.Select(v => v.Value));
        Assert.Same(first.Sql, again.Sql);
        Assert.Equal([2, "acme", "d"], again.Values.Select(v => v.Value));
    }

    public void Dispose() => _context.Dispose();

    private sealed class Row
    {
        public int Id { get; set; }

        public required string OrganizationId { get; set; }

        public string? Plain { get; set; }

        public string? WithDefault { get; set; }
    }

    private sealed class RowsContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=:memory:");

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Row>(row =>
            {
                row.ToTable("Rows");
                row.Property(r => r.Id).ValueGeneratedNever();
                row.Property(r => r.WithDefault).HasDefaultValue("default");
            });
    }
}
