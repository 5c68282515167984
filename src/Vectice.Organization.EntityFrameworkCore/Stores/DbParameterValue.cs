using Microsoft.EntityFrameworkCore.Metadata;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// A value for one parameter, and the property whose type mapping (and converter) it is written with, as
/// EF Core writes its own: the converter applied, the provider's type set (see <see cref="StatementCommands"/>).
/// </summary>
internal readonly record struct DbParameterValue(IProperty Property, object? Value);
