using System.Data.Common;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// The floor of an access check that reads the database: by hand, one pooled connection per check
/// (as a request would take one), one keyed SELECT of the member's role and status with the
/// organization's settings from the SDK's own tables, then the permission matrix. No cache, no DI,
/// no EF.
/// </summary>
internal static class AccessCheckFloor
{
    private const string Sql =
        """
        SELECT m."Role", m."Status", o."MembersCanCreateWorkspaces", o."MembersCanInviteColleagues"
        FROM "VecticeMemberships" AS m JOIN "VecticeOrganizations" AS o ON o."Id" = m."OrganizationId"
        WHERE m."OrganizationId" = @organization AND m."UserId" = @user
        """;

    /// <remarks>
    /// <see cref="BenchmarkDatabase.OpenConnection"/> opens synchronously; from a warm pool neither
    /// SQLite nor Npgsql does I/O to open, so this is the cost an <c>OpenAsync</c> would have.
    /// </remarks>
    public static async Task<bool> IsAllowedAsync(BenchmarkDatabase database, string organization, string user, Permission permission)
    {
        await using var connection = database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        Parameter(command, "organization", organization);
        Parameter(command, "user", user);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return false;
        }

        var settings = new OrganizationSettings(reader.GetBoolean(2), reader.GetBoolean(3));
        return reader.GetString(1) == nameof(MembershipStatus.Active)
            && PermissionMatrix.IsAllowed(Enum.Parse<OrgRole>(reader.GetString(0)), permission, settings);
    }

    private static void Parameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
