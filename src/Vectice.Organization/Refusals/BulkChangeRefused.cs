namespace Vectice.Organization;

/// <summary>A bulk change was refused as a whole because of some of its members; nothing was stored.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Members">Each member that cannot be moved, and why.</param>
public sealed record BulkChangeRefused(OrganizationId OrganizationId, IReadOnlyList<MemberRefusal> Members) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.BulkChangeRefused;

    /// <inheritdoc />
    public override string Reason =>
        $"The bulk change cannot be made for {Members.Count} member(s): " +
        string.Join("; ", Members.Take(10).Select(m => $"'{m.Member}': {m.Refusal.Code}")) +
        (Members.Count > 10 ? "; …" : ".");
}
