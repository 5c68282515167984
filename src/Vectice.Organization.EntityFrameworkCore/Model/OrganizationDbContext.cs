using Microsoft.EntityFrameworkCore;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// A ready-made context holding only the SDK's tables, for hosts that keep them apart from their
/// own. Hosts that prefer one context call <see cref="VecticeOrganizationModelBuilderExtensions.AddVecticeOrganization"/>
/// from theirs instead.
/// </summary>
public class OrganizationDbContext : DbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The context options (provider, connection string).</param>
    public OrganizationDbContext(DbContextOptions<OrganizationDbContext> options)
        : base(options)
    {
    }

    /// <summary>For derived contexts that take their own options type.</summary>
    /// <param name="options">The context options.</param>
    protected OrganizationDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddVecticeOrganization();
    }
}
