using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vectice.Organization.EntityFrameworkCore.Entities;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>Adds the SDK's tables to an Entity Framework Core model, for example your own DbContext's.</summary>
public static class VecticeOrganizationModelBuilderExtensions
{
    private const int EnumLength = 32;

    // Npgsql's conventions annotate the model before OnModelCreating runs; this package does not reference Npgsql.
    private static bool IsPostgreSql(ModelBuilder modelBuilder) =>
        modelBuilder.Model.GetAnnotations().Any(static a => a.Name.StartsWith("Npgsql:", StringComparison.Ordinal));

    /// <summary>
    /// Adds the organizations, memberships, pending changes and audit entries tables, with the
    /// indexes the store's reads use. Call it from <c>OnModelCreating</c>; your migrations then
    /// include the tables like any of your own.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="configure">Sets the schema and table prefix; optional.</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddVecticeOrganization(this ModelBuilder modelBuilder, Action<VecticeOrganizationModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new VecticeOrganizationModelOptions();
        configure?.Invoke(options);
        ArgumentNullException.ThrowIfNull(options.TablePrefix, nameof(configure));
        var schema = options.Schema;
        var prefix = options.TablePrefix;

        modelBuilder.Entity<OrganizationRow>(organization =>
        {
            organization.ToTable(prefix + "Organizations", schema);
            organization.HasKey(o => o.Id);
            organization.Property(o => o.Id).HasMaxLength(OrganizationId.MaxLength);
            organization.Property(o => o.Name).HasMaxLength(OrganizationInfo.MaxNameLength);
            organization.Property(o => o.Version).IsConcurrencyToken();
            Readable(organization.Property(o => o.FourEyes));
        });

        modelBuilder.Entity<MembershipRow>(membership =>
        {
            membership.ToTable(prefix + "Memberships", schema);

            // The key is also the unique (organization, user) index that keyset paging walks.
            membership.HasKey(m => new { m.OrganizationId, m.UserId });
            membership.Property(m => m.OrganizationId).HasMaxLength(OrganizationId.MaxLength);
            membership.Property(m => m.UserId).HasMaxLength(UserId.MaxLength);
            if (IsPostgreSql(modelBuilder))
            {
                // Members are listed by user id in code point order (UserId.CompareTo) in every store: SQLite's
                // BINARY gives it; on PostgreSQL the database's collation might not (en-US would put "B" after "a").
                membership.Property(m => m.UserId).UseCollation("C");
            }
            membership.Property(m => m.Email).HasMaxLength(User.MaxEmailLength);
            membership.Property(m => m.DisplayName).HasMaxLength(User.MaxDisplayNameLength);
            Readable(membership.Property(m => m.Role));
            Readable(membership.Property(m => m.Status));
            membership.HasOne<OrganizationRow>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);

            // Serves the active-Admin count and the role/status filters.
            membership.HasIndex(m => new { m.OrganizationId, m.Role, m.Status });
        });

        modelBuilder.Entity<PendingChangeRow>(change =>
        {
            change.ToTable(prefix + "PendingChanges", schema);
            change.HasKey(p => p.Id);
            change.Property(p => p.Id).ValueGeneratedNever();
            change.Property(p => p.OrganizationId).HasMaxLength(OrganizationId.MaxLength);
            change.Property(p => p.TargetUserId).HasMaxLength(UserId.MaxLength);
            change.Property(p => p.RequestedBy).HasMaxLength(UserId.MaxLength);
            change.Property(p => p.ClosedBy).HasMaxLength(UserId.MaxLength);
            Readable(change.Property(p => p.Kind));
            Readable(change.Property(p => p.FromRole));
            Readable(change.Property(p => p.FromStatus));
            Readable(change.Property(p => p.ToRole));
            Readable(change.Property(p => p.ToStatus));
            Readable(change.Property(p => p.Status));
            // Rows written before the column existed were requested without a policy recorded: Off, which
            // makes a change four-eyes now guards stale at confirm rather than confirmable alone.
            Readable(change.Property(p => p.FourEyesAtRequest)).HasDefaultValue(FourEyesPolicy.Off).HasSentinel((FourEyesPolicy)(-1));
            Json(change.Property(p => p.SettingsBefore));
            Json(change.Property(p => p.SettingsAfter));
            Utc(change.Property(p => p.RequestedAt));
            Utc(change.Property(p => p.ExpiresAt));
            Utc(change.Property(p => p.ClosedAt));
            change.HasOne<OrganizationRow>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);

            // Serves the list of an organization's open changes, keyset-paged by id, and the purge of expired ones.
            change.HasIndex(p => new { p.OrganizationId, p.Status, p.Id });
            change.HasIndex(p => new { p.OrganizationId, p.ExpiresAtUtcTicks });
        });

        modelBuilder.Entity<AuditEntryRow>(entry =>
        {
            entry.ToTable(prefix + "AuditEntries", schema);
            entry.HasKey(a => a.Sequence);
            entry.Property(a => a.Sequence).ValueGeneratedOnAdd();
            entry.Property(a => a.OrganizationId).HasMaxLength(OrganizationId.MaxLength);
            entry.Property(a => a.Actor).HasMaxLength(UserId.MaxLength);
            entry.Property(a => a.RequestedBy).HasMaxLength(UserId.MaxLength);
            Json(entry.Property(a => a.SettingsBefore));
            Json(entry.Property(a => a.SettingsAfter));
            entry.Property(a => a.Target).HasMaxLength(UserId.MaxLength);
            Readable(entry.Property(a => a.Action));
            Readable(entry.Property(a => a.BeforeRole));
            Readable(entry.Property(a => a.BeforeStatus));
            Readable(entry.Property(a => a.AfterRole));
            Readable(entry.Property(a => a.AfterStatus));
            Utc(entry.Property(a => a.At));
            Utc(entry.Property(a => a.PurgeCutoff));
            entry.HasOne<OrganizationRow>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);

            // Serves an organization's trail read from a cursor.
            entry.HasIndex(a => new { a.OrganizationId, a.Sequence });
        });

        return modelBuilder;
    }

    // Enums are stored by name, so the tables read well in any SQL client.
    private static PropertyBuilder<TEnum> Readable<TEnum>(PropertyBuilder<TEnum> property) => property.HasConversion<string>().HasMaxLength(EnumLength);

    // Settings of a settings change (pending, or audited), as readable JSON text on every provider.
    private static void Json(PropertyBuilder<OrganizationSettings?> property) => property
        .HasConversion(
            v => v == null ? null : JsonSerializer.Serialize(v.Value, SettingsJson.Default.OrganizationSettings),
            v => v == null ? null : JsonSerializer.Deserialize(v, SettingsJson.Default.OrganizationSettings))
        .HasMaxLength(200);

    // PostgreSQL's timestamptz takes UTC only; SQLite compares the text, which orders only in one offset.
    private static void Utc(PropertyBuilder<DateTimeOffset> property) => property.HasConversion(v => v.ToUniversalTime(), v => v);

    private static void Utc(PropertyBuilder<DateTimeOffset?> property) => property.HasConversion(v => v == null ? v : v.Value.ToUniversalTime(), v => v);
}
