namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>One way of moving a user between two roles in a database, toggling each call.</summary>
internal interface IContestant : IDisposable
{
    string Name { get; }

    /// <summary>Commands and commits of the last call, counted where the contestant can count them, and how many of the commits were the last statement of a command.</summary>
    (int Commands, int Commits, int CommitsInCommands) LastRoundTrips { get; }

    /// <summary>The text of each command of the last call, as <see cref="LastRoundTrips"/> counts them.</summary>
    IReadOnlyList<string> LastCommandTexts { get; }

    Task ToggleAsync();

    /// <summary>Gathers the planner's statistics of the contestant's database (<see cref="BenchmarkDatabase.Analyze"/>).</summary>
    void Analyze();
}
