namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>One way of moving a user between two roles in a database, toggling each call.</summary>
internal interface IContestant : IDisposable
{
    string Name { get; }

    /// <summary>Commands and commits of the last call, counted where the contestant can count them.</summary>
    (int Commands, int Commits) LastRoundTrips { get; }

    Task ToggleAsync();
}
