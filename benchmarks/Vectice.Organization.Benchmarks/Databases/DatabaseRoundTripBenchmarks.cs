using BenchmarkDotNet.Attributes;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// Moving one user between two roles on a database, toggling each call so state never drifts:
/// the SDK (request + confirm, two transactions: the pending change is stored), ASP.NET Core
/// Identity (remove + add role, two transactions) and the one-transaction floor. Each has a
/// database of its own, of the same kind and settings.
/// </summary>
[MemoryDiagnoser]
public abstract class DatabaseRoundTripBenchmarks
{
    private AdoNetFloorContestant _floor = null!;
    private VecticeContestant _vectice = null!;
    private IdentityContestant _identity = null!;

    [GlobalSetup]
    public void Setup()
    {
        _floor = new AdoNetFloorContestant(CreateDatabase);
        _vectice = new VecticeContestant(CreateDatabase);
        _identity = new IdentityContestant(CreateDatabase);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        _vectice.Dispose();
        _identity.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task AdoNetFloor() => _floor.ToggleAsync();

    [Benchmark]
    public Task VecticeRequestConfirm() => _vectice.ToggleAsync();

    [Benchmark]
    public Task IdentityRemoveAddRole() => _identity.ToggleAsync();

    private protected abstract BenchmarkDatabase CreateDatabase(string name);
}
