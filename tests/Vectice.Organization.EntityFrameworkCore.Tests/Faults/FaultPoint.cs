namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>Where a commit is made to fail.</summary>
public enum FaultPoint
{
    /// <summary>Before SaveChanges sends anything.</summary>
    BeforeSaving,

    /// <summary>After the commit's last write statement ran, as COMMIT is about to be sent.</summary>
    AfterWritesBeforeCommit,

    /// <summary>After the database committed, before SaveChanges returns.</summary>
    AfterCommit,
}
