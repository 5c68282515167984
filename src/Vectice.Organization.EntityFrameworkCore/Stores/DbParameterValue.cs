using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>A value for one parameter, and the property whose type mapping (and converter) it is written with.</summary>
internal readonly record struct DbParameterValue(IProperty Property, object? Value)
{
    /// <summary>The parameter, made the way EF Core makes its own: the converter applied, the provider's type set.</summary>
    public DbParameter Create(DbCommand command, string name) =>
        ((RelationalTypeMapping)Property.GetTypeMapping()).CreateParameter(command, name, Value, Property.IsNullable);
}
