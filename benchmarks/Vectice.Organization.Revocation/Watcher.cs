using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Vectice.Organization.Revocation;

/// <summary>
/// The child process: checks <c>IsAllowedAsync(user, organization, ManageUsers)</c> in a tight loop on
/// a thread of its own and tells the parent, over stdout, when the answer flips.
/// </summary>
/// <remarks>
/// Protocol, one line each way: the parent sends <c>arm k</c>; the watcher answers <c>armed k</c> once a
/// check made after the command allowed the user (so it watches before the parent confirms), then
/// <c>flipped k &lt;end&gt; &lt;start&gt;</c> (Stopwatch timestamps) of the first check that refuses, then <c>allowed k</c>
/// at the first check that allows again (after the parent's promotion). <c>quit</c> or the end of
/// stdin stops it.
/// </remarks>
internal static class Watcher
{
    public static async Task<int> RunAsync(RevocationStore store, string connectionString, TimeSpan? accessMaxStaleness, OrganizationId organization, UserId user)
    {
        await using var host = await RevocationHost.StartAsync(store, connectionString, accessMaxStaleness);
        var access = host.Access;
        bool Check()
        {
            var allowed = access.IsAllowedAsync(user, organization, Permission.ManageUsers);
            return allowed.IsCompletedSuccessfully ? allowed.Result : allowed.AsTask().GetAwaiter().GetResult();
        }

        // Warm up: the first check fills the cache, then a second of warm checks while the feed starts listening.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1))
        {
            if (!Check())
            {
                Console.WriteLine("error the user is not allowed at start");
                return 1;
            }

            Thread.Sleep(1);
        }

        var commands = new BlockingCollection<string>();
        var reader = new Thread(() =>
        {
            while (Console.In.ReadLine() is { } line)
            {
                commands.Add(line);
            }

            commands.Add("quit");
        })
        { IsBackground = true, Name = "stdin" };
        reader.Start();

        var failed = false;
        var loop = new Thread(() => failed = !Watch(commands, Check)) { Name = "watch", IsBackground = false };
        Console.WriteLine("ready");
        loop.Start();
        loop.Join();
        return failed ? 1 : 0;
    }

    private static bool Watch(BlockingCollection<string> commands, Func<bool> check)
    {
        var state = State.Idle;
        var rep = 0;
        while (true)
        {
            if (state == State.Idle)
            {
                // Between reps nothing is timed: block until the next command.
                var command = commands.Take();
                if (command == "quit")
                {
                    return true;
                }

                if (!command.StartsWith("arm ", StringComparison.Ordinal))
                {
                    Console.WriteLine($"error unexpected command '{command}'");
                    return false;
                }

                rep = int.Parse(command.AsSpan(4), CultureInfo.InvariantCulture);
                state = State.Arming;
            }

            var started = Stopwatch.GetTimestamp();
            var allowed = check();
            var at = Stopwatch.GetTimestamp();
            switch (state)
            {
                case State.Arming when allowed:
                    Console.WriteLine($"armed {rep}");
                    state = State.Armed;
                    break;
                case State.Arming:
                    Console.WriteLine($"error rep {rep}: refused before the demotion");
                    return false;
                case State.Armed when !allowed:
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flipped {rep} {at} {started}"));
                    state = State.Restoring;
                    break;
                case State.Restoring when allowed:
                    Console.WriteLine($"allowed {rep}");
                    state = State.Idle;
                    break;
            }

            // The warm check costs ~100 ns; yield the core to the feed's thread and the database between checks.
            Thread.Yield();
        }
    }

    private enum State
    {
        Idle,
        Arming,
        Armed,
        Restoring,
    }
}
