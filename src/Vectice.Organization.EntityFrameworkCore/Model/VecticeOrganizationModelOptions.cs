namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>Where the SDK's tables go in your model.</summary>
public sealed class VecticeOrganizationModelOptions
{
    /// <summary>The database schema of the tables; the provider's default when <see langword="null"/>.</summary>
    public string? Schema { get; set; }

    /// <summary>Put before each table name (<c>Organizations</c>, <c>Memberships</c>, <c>PendingChanges</c>, <c>AuditEntries</c>); <c>Vectice</c> by default.</summary>
    public string TablePrefix { get; set; } = "Vectice";
}
