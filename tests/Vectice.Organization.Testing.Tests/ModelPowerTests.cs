using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// The model-based suite catches stores that are wrong one operation at a time: each broken store
/// below fails it, and the correct one passes. These are what make the suite's "every step matches
/// the model" worth something.
/// </summary>
public sealed class ModelPowerTests
{
    private const string Test = nameof(ModelBasedSpecification<Fixture<OneStepDivergenceStore>>.Random_operation_sequences_match_the_model_and_keep_every_invariant);

    [Fact]
    public async Task A_store_wrong_for_one_step_then_right_again_fails_it_at_that_step()
    {
        var failure = await AssertFailsAsync<OneStepDivergenceStore>();

        // Thrown by the comparison made in the step, not by CsCheck's own at the end of the sequence.
        Assert.Contains(nameof(ModelMismatchException), failure.Message, StringComparison.Ordinal);
        Assert.Contains("the store differs from the model", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_counts_deactivated_admins_as_active_fails_it() =>
        await AssertFailsAsync<StatusBlindAdminCountStore>();

    [Fact]
    public async Task A_store_that_loses_four_eyes_at_confirm_fails_it() =>
        await AssertFailsAsync<FourEyesBlindStore>();

    [Fact]
    public async Task A_store_that_forgets_the_four_eyes_a_change_was_requested_under_fails_it() =>
        await AssertFailsAsync<FourEyesForgettingStore>();

    [Fact]
    public async Task The_correct_store_passes_it()
    {
        var outcomes = await KitRunner.RunAsync<Fixture<InMemory.InMemoryOrganizationStore>>(typeof(Model<InMemory.InMemoryOrganizationStore>));

        Assert.Null(outcomes[Test]);
    }

    private static async Task<Exception> AssertFailsAsync<TStore>()
        where TStore : IOrganizationStore, new()
    {
        var outcomes = await KitRunner.RunAsync<Fixture<TStore>>(typeof(Model<TStore>));

        var failure = outcomes[Test];
        Assert.True(failure is CsCheck.CsCheckException, $"{typeof(TStore).Name} should fail the model-based suite with a shrunk sequence, but: {failure}");
        return failure;
    }

    internal sealed class Fixture<TStore> : StoreFixture
        where TStore : IOrganizationStore, new()
    {
        private readonly TStore _store = new();

        public override StoreScope OpenScope() => new(_store);
    }

    // Not public, so that xunit does not run it itself: the tests above run it and expect it to fail.
    internal sealed class Model<TStore>(Fixture<TStore> fixture) : ModelBasedSpecification<Fixture<TStore>>(fixture)
        where TStore : IOrganizationStore, new()
    {
        protected override long DefaultIterations => 1_000;
    }
}
