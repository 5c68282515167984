namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>When, around a COMMIT, the connection to the database is lost.</summary>
public enum LostAt
{
    /// <summary>Before COMMIT reaches the server: it rolls back.</summary>
    BeforeCommit,

    /// <summary>Once the server has answered COMMIT: it committed, and the client never hears so.</summary>
    AfterCommitAnswered,

    /// <summary>Just after COMMIT was sent, while the server may still be committing (the proxy only).</summary>
    AfterCommitSent,
}
