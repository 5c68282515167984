namespace Vectice.Organization.Testing.Tests;

/// <summary>The kit's self-check fails a store whose tests subclass only some suites.</summary>
public sealed class SelfCheckTests
{
    [Fact]
    public async Task A_store_that_forgot_suites_fails_the_self_check_naming_them()
    {
        var outcomes = await KitRunner.RunAsync<ForgetfulFixture>(typeof(OnlyContract));

        var failure = outcomes[nameof(OnlyContract.The_store_runs_every_suite_of_the_kit)];
        Assert.NotNull(failure);
        Assert.Contains("RoleChangeFlowSpecification", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ConcurrencySpecification", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ModelBasedSpecification", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("StoreContractSpecification", failure.Message, StringComparison.Ordinal);
    }

    internal sealed class ForgetfulFixture : StoreFixture
    {
        private readonly InMemory.InMemoryOrganizationStore _store = new();

        public override StoreScope OpenScope() => new(_store);
    }

    internal sealed class OnlyContract(ForgetfulFixture fixture) : StoreContractSpecification<ForgetfulFixture>(fixture);
}
