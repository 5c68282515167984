namespace Vectice.Organization.Stores;

/// <summary>What became of an <see cref="OrganizationCommit"/>.</summary>
public enum CommitOutcome
{
    /// <summary>Everything was written.</summary>
    Committed = 1,

    /// <summary>The organization's version had moved on (or, for a new organization, it already existed). Nothing was written.</summary>
    VersionConflict = 2,
}
