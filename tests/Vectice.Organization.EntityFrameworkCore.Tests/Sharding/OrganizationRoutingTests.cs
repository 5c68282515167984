namespace Vectice.Organization.EntityFrameworkCore.Tests.Sharding;

/// <summary>
/// The check <see cref="RoutingTests{TFixture}"/> applies to every statement the store sends refuses what
/// could not go to one organization's shard, so that its passing means something.
/// </summary>
public sealed class OrganizationRoutingTests
{
    [Theory]
    [InlineData("SELECT 1 FROM \"VecticeOrganizations\" WHERE \"Id\" = $1 FOR NO KEY UPDATE")]
    [InlineData("UPDATE \"VecticeMemberships\" SET \"Role\" = @p0 WHERE \"OrganizationId\" = @p1 AND \"UserId\" = @p2")]
    [InlineData("DELETE FROM \"VecticePendingChanges\" WHERE \"OrganizationId\" = @p0 AND \"Id\" IN (@p1, @p2)")]
    [InlineData("SELECT v.\"Id\", v.\"Version\" FROM \"VecticeOrganizations\" AS v WHERE v.\"Id\" = ANY (@ids)")]
    [InlineData("UPDATE \"VecticeOrganizations\" AS \"v\" SET \"Version\" = \"v\".\"Version\" WHERE \"v\".\"Id\" = @id")]
    [InlineData("INSERT INTO \"VecticeAuditEntries\" (\"Action\", \"OrganizationId\") VALUES (@p0, @p1)")]
    [InlineData(
        "SELECT o.\"Id\", (SELECT COUNT(*) FROM \"VecticeMemberships\" c WHERE c.\"OrganizationId\" = o.\"Id\" AND c.\"Role\" = 'Admin'), a.\"Role\", p.\"Status\"\n" +
        "FROM \"VecticePendingChanges\" p\n" +
        "INNER JOIN \"VecticeOrganizations\" o ON o.\"Id\" = p.\"OrganizationId\"\n" +
        "LEFT JOIN \"VecticeMemberships\" a ON a.\"OrganizationId\" = o.\"Id\" AND a.\"UserId\" = @p1\n" +
        "WHERE p.\"OrganizationId\" = @p0 AND p.\"Id\" = @p2")]
    [InlineData("SELECT \"v\".\"Id\" FROM \"VecticeOrganizations\" AS \"v\" WHERE \"v\".\"Id\" IN (SELECT \"i\".\"value\" FROM json_each(@ids) AS \"i\")")]
    [InlineData("UPDATE \"VecticeOrganizations\" AS v\nSET \"Version\" = v.\"Version\"\nWHERE v.\"Id\" = @id")]
    public void A_statement_pinned_to_one_organization_everywhere_is_routed(string statement) =>
        Assert.True(OrganizationRouting.IsRouted(statement));

    [Theory]
    [InlineData("SELECT COUNT(*) FROM \"VecticeMemberships\" WHERE \"Role\" = 'Admin'")]
    [InlineData("UPDATE \"VecticePendingChanges\" SET \"OrganizationId\" = @p1, \"Status\" = @p2 WHERE \"Id\" = @p3")] // what SaveChanges sent once: the organization only in the SET clause
    [InlineData("SELECT p.\"Status\" FROM \"VecticePendingChanges\" p WHERE p.\"Id\" = @p0")] // a pending change's id is not its organization
    [InlineData("SELECT m.\"Role\" FROM \"VecticeMemberships\" m WHERE m.\"OrganizationId\" = @p0 AND EXISTS (SELECT 1 FROM \"VecticePendingChanges\" p WHERE p.\"Status\" = 0)")]
    [InlineData("SELECT m.\"Role\" FROM \"VecticeMemberships\" m LEFT JOIN \"VecticeAuditEntries\" e ON e.\"Target\" = m.\"UserId\" WHERE m.\"OrganizationId\" = @p0")]
    [InlineData("SELECT a.\"Role\" FROM \"VecticeMemberships\" a JOIN \"VecticeMemberships\" t ON t.\"OrganizationId\" = a.\"OrganizationId\" WHERE t.\"UserId\" = @p0")]
    [InlineData("UPDATE \"VecticeMemberships\" SET \"Role\" = @p0 WHERE \"OrganizationId\" = @p1 AND \"UserId\" IN (SELECT \"Target\" FROM \"VecticeAuditEntries\")")]
    [InlineData("INSERT INTO \"VecticeAuditEntries\" (\"Action\", \"Target\") VALUES (@p0, @p1)")]
    [InlineData("UPDATE \"VecticeMemberships\" AS m SET \"Role\" = (SELECT 1 FROM \"VecticeOrganizations\" o WHERE o.\"Id\" = @p0 AND m.\"OrganizationId\" = @p0) WHERE m.\"UserId\" = @p1")]
    [InlineData("SELECT m.\"Role\" FROM \"VecticeMemberships\" m WHERE m.\"OrganizationId\" IN (SELECT o.\"Id\" FROM \"VecticeOrganizations\" o WHERE o.\"Id\" = m.\"OrganizationId\")")]
    [InlineData("SELECT m.\"Role\" FROM \"VecticeMemberships\" m WHERE m.\"OrganizationId\" = @p0 OR TRUE")]
    [InlineData("SELECT m.\"Role\" FROM \"VecticeMemberships\" m, \"VecticeAuditEntries\" e WHERE m.\"OrganizationId\" = @p0")]
    [InlineData("INSERT INTO \"VecticeAuditEntries\" (\"Action\", \"OrganizationId\") SELECT \"Role\", \"OrganizationId\" FROM \"VecticeMemberships\"")]
    [InlineData("INSERT INTO \"VecticeAuditEntries\" (\"Action\") VALUES (@p0) RETURNING \"OrganizationId\"")]
    public void A_statement_that_reaches_any_table_unpinned_is_not_routed(string statement) =>
        Assert.False(OrganizationRouting.IsRouted(statement));
}
