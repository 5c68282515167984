using System.Reflection;
using System.Runtime.CompilerServices;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.Security;

/// <summary>
/// Audit entries are append-only: no public API of the SDK changes or removes one. Checked over the
/// whole public surface, so that a method added later cannot slip past.
/// </summary>
public sealed class AuditImmutabilityTests
{
    private static readonly Assembly[] Sdk = [typeof(AuditEntry).Assembly, typeof(Testing.StoreFixture).Assembly];

    [Fact]
    public void An_audit_entry_can_only_be_set_when_it_is_made()
    {
        var properties = typeof(AuditEntry).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.NotEmpty(properties);
        Assert.All(properties.Where(p => p.SetMethod is { IsPublic: true }), p => Assert.True(IsInitOnly(p.SetMethod!), $"{p.Name} has a public setter"));
        Assert.Empty(typeof(AuditEntry).GetFields(BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public void No_public_method_takes_an_audit_entry_except_to_make_one_or_to_append_it()
    {
        var touching = Sdk.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => x.Method.GetParameters().Any(p => MentionsAuditEntry(p.ParameterType)))
            .Where(x => x.Type != typeof(AuditEntry))
            .Select(x => $"{x.Type.Name}.{x.Method.Name}")
            .Distinct()
            .Order()
            .ToList();

        // The commit's list of entries to append (init only), the results and pages that carry read
        // entries, the export, the query filter and the cursor after an entry that read them, and observers that receive them
        // (entries are immutable records). Anything else needs a look.
        Assert.Contains("OrganizationCommit.set_AuditEntries", touching);
        Assert.All(touching, name => Assert.Matches(@"^(OrganizationCommit\.set_AuditEntries|Page`1\..*|PageResult`1\..*|StreamResult`1\..*|AuditJsonLines\.WriteAsync|AuditQuery\.(Matches|CursorAfter|Equals)|IMembershipChangeObserver\.OnCommittedAsync)$", name));
        Assert.True(IsInitOnly(typeof(OrganizationCommit).GetProperty(nameof(OrganizationCommit.AuditEntries))!.SetMethod!));
    }

    [Fact]
    public void The_store_contract_has_one_write_and_it_appends()
    {
        // WriteAsync writes nothing itself: it runs an attempt, which writes only through CommitAsync.
        var writes = typeof(IOrganizationStore).GetMethods().Where(m => !m.Name.StartsWith("Load", StringComparison.Ordinal) && !m.Name.StartsWith("Find", StringComparison.Ordinal) && !m.Name.StartsWith("List", StringComparison.Ordinal));
        Assert.Equal([nameof(IOrganizationStore.WriteAsync), nameof(IOrganizationStore.CommitAsync)], writes.Select(m => m.Name));
        var auditParts = typeof(OrganizationCommit).GetProperties().Where(p => MentionsAuditEntry(p.PropertyType)).Select(p => p.Name);
        Assert.Equal([nameof(OrganizationCommit.AuditEntries)], auditParts);
    }

    private static bool MentionsAuditEntry(Type type) =>
        type == typeof(AuditEntry) || type.IsGenericType && type.GetGenericArguments().Any(MentionsAuditEntry) || type.HasElementType && MentionsAuditEntry(type.GetElementType()!);

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
