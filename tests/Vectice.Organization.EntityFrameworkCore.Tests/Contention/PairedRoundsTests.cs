using Vectice.Organization.Benchmarks;
using Vectice.Organization.Contention;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Contention;

/// <summary>
/// The contention program's paired rounds (<c>--rounds</c>): what the goal "throughput at least one writer's" is read
/// from (benchmarks/results/contention.md, twenty-seventh round). Nothing here is timed: the steps are made up.
/// </summary>
public sealed class PairedRoundsTests
{
    [Fact]
    public void Each_writer_count_is_compared_with_the_fewest_writers_of_its_own_round()
    {
        var rounds = new PairedRounds("S");

        // Round 1's lone writer is the fastest of all: against it, 8 writers fall short in that round only. Compared with
        // another round's lone writer (or the lone writers' median, 100), they would be ahead in every round.
        (int Round, int Writers, int Applied)[] steps = [(0, 1, 100), (0, 8, 150), (1, 8, 200), (1, 1, 300), (2, 1, 100), (2, 8, 120)];
        foreach (var (round, writers, applied) in steps)
        {
            rounds.Add(round, Step(writers, applied));
        }

        var rows = rounds.ToMarkdownRows().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, rows.Length);
        Assert.Equal("| S | 1 | 3 | 100 | 100–300 | — | — | — | 1.0 | 1.0 |", rows[0]);
        Assert.Equal("| S | 8 | 3 | 150 | 120–200 | 1.20 | 0.67–1.50 | 2 of 3 | 1.0 | 1.0 |", rows[1]);
    }

    [Fact]
    public void A_round_runs_every_writer_count_once_in_an_order_that_rotates()
    {
        int[] writers = [1, 8, 32];

        Assert.Equal([1, 8, 32], PairedRounds.Order(writers, 0));
        Assert.Equal([8, 32, 1], PairedRounds.Order(writers, 1));
        Assert.Equal([32, 1, 8], PairedRounds.Order(writers, 2));
        Assert.Equal([1, 8, 32], PairedRounds.Order(writers, 3));
    }

    [Fact]
    public void Rounds_share_a_step_evenly_and_refuse_what_they_cannot_compare()
    {
        var arguments = ContentionArguments.Parse(["--rounds", "20", "--step-ops", "64"]);

        Assert.Equal((20, 64), (arguments.Rounds, arguments.StepOps));
        int[] writers = [1, 8, 32];
        Assert.Equal([64, 8, 2], writers.Select(arguments.RoundOpsPerWriter));
        arguments.CheckRoundSteps(writers);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => arguments.CheckRoundSteps([1, 8, 8])).Message, StringComparison.Ordinal);
        Assert.Contains("not shared evenly by 3 writers", Assert.Throws<ArgumentException>(() => arguments.CheckRoundSteps([1, 3])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ContentionArguments.Parse(["--rounds", "2", "--compare-group-commit"]));
        Assert.Throws<ArgumentException>(() => ContentionArguments.Parse(["--compare-hand-off", "--rounds", "2"]));
        Assert.Throws<ArgumentException>(() => ContentionArguments.Parse(["--rounds", "0"]));
    }

    // A step of one second whose writers applied this many changes, each operation taking a millisecond.
    private static StepResult Step(int writers, int applied)
    {
        var tally = new WriterTally();
        for (var i = 0; i < applied; i++)
        {
            tally.Record(null, atConfirm: true, TimeSpan.FromMilliseconds(1));
        }

        return new StepResult(
            "S", writers, 1, applied / writers, TimeSpan.FromSeconds(1), [tally], 0, 0, 0, 0, 0, 0, [], [], new JitSettling.Settled(1, 1, 0, true), 0);
    }
}
