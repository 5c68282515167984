namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>Where a commit is made to fail.</summary>
public enum FaultPoint
{
    /// <summary>Before the commit's write statements are sent.</summary>
    BeforeWrites,

    /// <summary>
    /// After the commit's last write statement ran, as COMMIT is about to be sent; where COMMIT goes in the
    /// command of the writes (PostgreSQL), as that command is about to be sent.
    /// </summary>
    AfterWritesBeforeCommit,

    /// <summary>After the database committed, before SaveChanges returns.</summary>
    AfterCommit,
}
