namespace Vectice.Organization.Testing.Tests;

/// <summary>The kit fails a store that skips the version check.</summary>
public sealed class BrokenStoreTests
{
    [Fact]
    public async Task The_contract_suite_catches_a_store_that_ignores_the_version()
    {
        var outcomes = await KitRunner.RunAsync<VersionBlindFixture>(typeof(BrokenContract));

        Assert.NotNull(outcomes[nameof(BrokenContract.A_commit_on_a_stale_version_conflicts_and_writes_none_of_its_parts)]);
        Assert.Null(outcomes[nameof(BrokenContract.A_created_organization_reads_back_exactly)]);
    }

    [Fact]
    public async Task The_race_suite_catches_a_store_that_ignores_the_version()
    {
        var outcomes = await KitRunner.RunAsync<VersionBlindFixture>(typeof(BrokenRaces));

        Assert.NotNull(outcomes[nameof(BrokenRaces.A_version_conflict_is_detected_between_two_scopes)]);
        Assert.NotNull(outcomes[nameof(BrokenRaces.One_pending_change_confirmed_from_several_scopes_applies_once)]);
        Assert.NotNull(outcomes[nameof(BrokenRaces.The_only_two_admins_demoting_themselves_at_once_keep_one)]);
        Assert.NotNull(outcomes[nameof(BrokenRaces.The_only_two_admins_deactivating_themselves_at_once_keep_one)]);
        Assert.Null(outcomes[nameof(BrokenRaces.The_store_runs_every_suite_of_the_kit)]);
    }

    [Fact]
    public async Task The_race_suite_catches_a_store_whose_writers_do_not_queue()
    {
        var outcomes = await KitRunner.RunAsync<NonQueuingFixture>(typeof(UnqueuedRaces));

        Assert.NotNull(outcomes[nameof(UnqueuedRaces.Writers_of_one_organization_queue_instead_of_conflicting)]);
        Assert.NotNull(outcomes[nameof(UnqueuedRaces.Two_admins_demoting_each_other_through_the_write_queue_keep_an_active_admin)]);
        Assert.Null(outcomes[nameof(UnqueuedRaces.A_version_conflict_is_detected_between_two_scopes)]);
        Assert.Null(outcomes[nameof(UnqueuedRaces.Two_admins_demoting_each_other_from_two_scopes_keep_an_active_admin)]);
    }

    [Fact]
    public async Task A_correct_store_passes_the_same_suites()
    {
        var contract = await KitRunner.RunAsync<InMemoryFixture>(typeof(SoundContract));
        var races = await KitRunner.RunAsync<InMemoryFixture>(typeof(SoundRaces));

        Assert.All(contract.Concat(races), outcome => Assert.True(outcome.Value is null, $"{outcome.Key}: {outcome.Value}"));
        Assert.True(contract.Count >= 10 && races.Count >= 5);
    }

    internal sealed class VersionBlindFixture : StoreFixture
    {
        private readonly VersionBlindStore _store = new();

        public override StoreScope OpenScope() => new(_store);
    }

    internal sealed class NonQueuingFixture : StoreFixture
    {
        private readonly NonQueuingStore _store = new();

        public override StoreScope OpenScope() => new(_store);
    }

    internal sealed class InMemoryFixture : StoreFixture
    {
        private readonly InMemory.InMemoryOrganizationStore _store = new();

        public override StoreScope OpenScope() => new(_store);
    }

    // Not public, so that xunit does not run them itself: the tests above run them and expect failures.
    internal sealed class BrokenContract(VersionBlindFixture fixture) : StoreContractSpecification<VersionBlindFixture>(fixture);

    // Only so that the broken store runs every suite of the kit, as the race suite checks.
    internal sealed class BrokenFeed(VersionBlindFixture fixture) : ChangeFeedSpecification<VersionBlindFixture>(fixture);

    // For the self-check only, like BrokenModel: one operation at a time, this store is correct.
    internal sealed class BrokenFlow(VersionBlindFixture fixture) : RoleChangeFlowSpecification<VersionBlindFixture>(fixture);

    internal sealed class BrokenRaces(VersionBlindFixture fixture) : ConcurrencySpecification<VersionBlindFixture>(fixture);

    internal sealed class UnqueuedRaces(NonQueuingFixture fixture) : ConcurrencySpecification<NonQueuingFixture>(fixture);

    // For the self-check only: alone, one writer at a time, this store is correct (see ModelPowerTests for stores the model suite fails).
    internal sealed class BrokenModel(VersionBlindFixture fixture) : ModelBasedSpecification<VersionBlindFixture>(fixture);

    internal sealed class SoundContract(InMemoryFixture fixture) : StoreContractSpecification<InMemoryFixture>(fixture);

    internal sealed class SoundFlow(InMemoryFixture fixture) : RoleChangeFlowSpecification<InMemoryFixture>(fixture);

    internal sealed class SoundRaces(InMemoryFixture fixture) : ConcurrencySpecification<InMemoryFixture>(fixture);

    internal sealed class SoundModel(InMemoryFixture fixture) : ModelBasedSpecification<InMemoryFixture>(fixture);
}
