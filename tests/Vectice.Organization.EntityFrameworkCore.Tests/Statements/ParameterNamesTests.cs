using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>A command's parameter names are made once per model, and grow with the longest command.</summary>
public sealed class ParameterNamesTests
{
    [Fact]
    public void Names_grow_to_as_many_as_a_command_has_parameters()
    {
        using var context = new DbContext(new DbContextOptionsBuilder().UseSqlite(new SqliteConnection("Data Source=:memory:")).Options);
        var names = new ParameterNames(context.GetService<ISqlGenerationHelper>()).For(200);

        Assert.True(names.Names.Length >= 200);
        Assert.Equal("@p199", names.Names[199]);
        Assert.Equal("@p199", names.Placeholders[199]);
    }
}
