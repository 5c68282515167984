using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// Two organizations seeded and prepared alike for one <see cref="FaultOperation"/>: the twin makes
/// the write as it should go, the subject makes it as a test disturbs it; then they are compared.
/// </summary>
public sealed class Twins
{
    private Twins(FaultOperation write, SeededOrganization twin, PendingChangeId? twinChange, SeededOrganization subject, PendingChangeId? change) =>
        (Write, Twin, TwinChange, Subject, Change) = (write, twin, twinChange, subject, change);

    public FaultOperation Write { get; }

    public SeededOrganization Twin { get; }

    public SeededOrganization Subject { get; }

    /// <summary>What the subject's observers were told.</summary>
    public RecordingObserver Observer { get; } = new();

    private PendingChangeId? TwinChange { get; }

    private PendingChangeId? Change { get; }

    private RecordingObserver TwinObserver { get; } = new();

    public static async Task<Twins> PrepareAsync(EntityFrameworkStoreFixture fixture, string operation)
    {
        var write = FaultOperations.Named(operation);
        var (twin, subject) = (await SeededOrganization.CreateAsync(fixture), await SeededOrganization.CreateAsync(fixture));
        return new(write, twin, await twin.InScopeAsync(write.PrepareAsync), subject, await subject.InScopeAsync(write.PrepareAsync));
    }

    /// <summary>The write on the twin, over <paramref name="store"/> (a fresh scope's when <see langword="null"/>); its outcome.</summary>
    public Task<string> RunOnTwinAsync(IOrganizationStore? store = null) => store is null
        ? Twin.InScopeAsync(services => Write.RunAsync(services, TwinChange), TwinObserver)
        : Write.RunAsync(Twin.On(store, TwinObserver), TwinChange);

    /// <summary>The write on the subject, over <paramref name="store"/> (a fresh scope's when <see langword="null"/>); its outcome.</summary>
    public Task<string> RunOnSubjectAsync(IOrganizationStore? store = null) => store is null
        ? Subject.InScopeAsync(services => Write.RunAsync(services, Change), Observer)
        : Write.RunAsync(Subject.On(store, Observer), Change);

    /// <summary>The subject's observers were told what the twin's were, and the subject reads as the twin does, ids aside.</summary>
    public async Task AssertSubjectEndedAsTwinAsync()
    {
        Assert.Equal(TwinObserver.Told.Select(OrganizationProjection.Describe), Observer.Told.Select(OrganizationProjection.Describe));
        Assert.Equal(await Twin.ProjectAsync(), await Subject.ProjectAsync());
    }
}
