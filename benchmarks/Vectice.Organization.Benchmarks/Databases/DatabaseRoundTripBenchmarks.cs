using BenchmarkDotNet.Attributes;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// Moving one user between two roles on a database as a web host runs it, a fresh DI scope (and
/// context) per web request, toggling each call so state never drifts: the SDK (request and confirm,
/// a scope and a transaction each: the pending change is stored), ASP.NET Core Identity (find, remove
/// and add role in one scope, two transactions), the one-transaction floor on a pooled connection, and
/// the floor of the SDK's design (request and confirm by hand, a transaction each).
/// The SDK and Identity run with <c>AddDbContext</c> and with <c>AddDbContextPool</c>. Each has a
/// database of its own, of the same kind and settings.
/// </summary>
/// <remarks>
/// Each contestant's database is analyzed after a few operations (<see cref="BenchmarkDatabase.Analyze"/>).
/// Each benchmark sets up only its own contestant: BenchmarkDotNet runs each in a process of its
/// own, so the others' databases would only be created and dropped for nothing. The median is
/// shown beside the mean: a commit waits on the disk or the server, whose outliers move the mean.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public abstract class DatabaseRoundTripBenchmarks
{
    private IContestant _contestant = null!;

    [GlobalSetup(Target = nameof(AdoNetFloor))]
    public void SetupFloor() => _contestant = Analyzed(new AdoNetFloorContestant(CreateDatabase));

    [GlobalSetup(Target = nameof(AdoNetFloorTwoTransactions))]
    public void SetupFloorTwoTransactions() => _contestant = Analyzed(new AdoNetFloorContestant(CreateDatabase, twoTransactions: true));

    [GlobalSetup(Target = nameof(EfCoreFloorTwoTransactions))]
    public void SetupEfCoreFloor() => _contestant = Analyzed(new AdoNetFloorContestant(CreateDatabase, twoTransactions: true, throughEfCore: true));

    [GlobalSetup(Target = nameof(EfCoreFloorTwoTransactionsPooled))]
    public void SetupEfCoreFloorPooled() => _contestant = Analyzed(new AdoNetFloorContestant(CreateDatabase, twoTransactions: true, throughEfCore: true, pooled: true));

    [GlobalSetup(Target = nameof(VecticeRequestConfirm))]
    public void SetupVectice() => _contestant = Analyzed(new VecticeContestant(CreateDatabase, pooled: false));

    [GlobalSetup(Target = nameof(VecticeRequestConfirmPooled))]
    public void SetupVecticePooled() => _contestant = Analyzed(new VecticeContestant(CreateDatabase, pooled: true));

    [GlobalSetup(Target = nameof(IdentityRemoveAddRole))]
    public void SetupIdentity() => _contestant = Analyzed(new IdentityContestant(CreateDatabase, pooled: false));

    [GlobalSetup(Target = nameof(IdentityRemoveAddRolePooled))]
    public void SetupIdentityPooled() => _contestant = Analyzed(new IdentityContestant(CreateDatabase, pooled: true));

    [GlobalCleanup]
    public void Cleanup() => _contestant.Dispose();

    [Benchmark(Baseline = true)]
    public Task AdoNetFloor() => _contestant.ToggleAsync();

    [Benchmark]
    public Task AdoNetFloorTwoTransactions() => _contestant.ToggleAsync();

    [Benchmark]
    public Task EfCoreFloorTwoTransactions() => _contestant.ToggleAsync();

    [Benchmark]
    public Task EfCoreFloorTwoTransactionsPooled() => _contestant.ToggleAsync();

    [Benchmark]
    public Task VecticeRequestConfirm() => _contestant.ToggleAsync();

    [Benchmark]
    public Task VecticeRequestConfirmPooled() => _contestant.ToggleAsync();

    [Benchmark]
    public Task IdentityRemoveAddRole() => _contestant.ToggleAsync();

    [Benchmark]
    public Task IdentityRemoveAddRolePooled() => _contestant.ToggleAsync();

    private protected abstract BenchmarkDatabase CreateDatabase(string name);

    // The analyzed warm-up of the other database benchmarks (after 50 operations), before BenchmarkDotNet's
    // own; a contestant that fails here still drops its database.
    private static IContestant Analyzed(IContestant contestant)
    {
        try
        {
            contestant.WarmUpAsync(100).GetAwaiter().GetResult();
            var settled = ContestantWarmUp.SettleAsync([contestant], 20).GetAwaiter().GetResult();
            Console.WriteLine($"// {settled.DescribeSettling()}.");
            return contestant;
        }
        catch
        {
            contestant.Dispose();
            throw;
        }
    }
}
