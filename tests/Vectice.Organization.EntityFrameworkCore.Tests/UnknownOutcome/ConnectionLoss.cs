namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>A context whose connection will be lost once, at a COMMIT, and what happened to it.</summary>
public abstract class ConnectionLoss : IAsyncDisposable
{
    public abstract OrganizationDbContext Context { get; }

    /// <summary>Whether the connection was lost.</summary>
    public abstract bool Happened { get; }

    /// <summary>How many COMMITs the context sent (or was about to send), the lost one included.</summary>
    public abstract int CommitsSent { get; }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Context.DisposeAsync();
    }
}
