using Vectice.Organization.Testing;
using Vectice.Organization.Stores;
using Vectice.Organization.InMemory;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>
/// What the in-memory store adds to the races of the conformance kit (run by
/// <see cref="InMemoryConcurrency"/>): organizations are independent.
/// </summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Writers_on_different_organizations_do_not_disturb_each_other()
    {
        var orgs = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var org = Acme.Create();
            var id = new OrganizationId($"org-{i}");
            await org.Provisioning.CreateOrganizationAsync(id, $"Org {i}", Profile(Ada));
            return (org, id);
        }));

        await Task.WhenAll(orgs.Select(o => Task.Run(async () =>
        {
            for (var n = 0; n < 50; n++)
            {
                var added = await o.org.Provisioning.AddMemberAsync(Ada, o.id, Profile(new UserId($"u{n}")), OrgRole.Viewer);
                added.GetValueOrThrow();
            }
        })));

        foreach (var (org, id) in orgs)
        {
            var members = (await org.Directory.ListMembersAsync(Ada, id, new() { Limit = 100 })).GetValueOrThrow().Items;
            Assert.Equal(51, members.Count);
        }
    }

    [Fact]
    public async Task A_write_that_throws_before_its_first_await_fails_as_a_task_not_from_the_call()
    {
        var org = await Acme.SeedAsync();
        var store = (InMemoryOrganizationStore)org.Store;
        foreach (var organization in new[] { Id, new OrganizationId("no-such-org") })
        {
            ValueTask<int> writing = default;
            var fromTheCall = Record.Exception(() => writing = store.WriteAsync<int, int>(organization, 0, static (_, _) => throw new InvalidOperationException("At once."), CancellationToken.None));

            Assert.Null(fromTheCall);
            Assert.True(writing.IsFaulted);
            Assert.Equal("At once.", (await Assert.ThrowsAsync<InvalidOperationException>(() => writing.AsTask())).Message);
        }

        // The lock was let go: the organization is written again.
        (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer).AsTask().WaitAsync(TimeSpan.FromSeconds(60))).GetValueOrThrow();
    }

    [Fact]
    public async Task The_pipelines_write_fails_as_a_task_not_from_the_call_when_the_commit_throws_at_once()
    {
        var org = await Acme.SeedAsync();
        var store = new CommitThrowingAtOnceStore(org.Store);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => org.On(store).RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer).AsTask());

        Assert.Equal("Thrown by the commit's call.", thrown.Message);
        Assert.Equal(1, store.Writes);
        Assert.False(store.ThrewFromTheCall);
    }

    // Runs writes as they come and commits by throwing from the call; records whether the SDK's write threw from its own call.
    private sealed class CommitThrowingAtOnceStore(IOrganizationStore inner) : DelegatingOrganizationStore(inner)
    {
        public int Writes { get; private set; }

        public bool ThrewFromTheCall { get; private set; }

        public override ValueTask<TResult> WriteAsync<TState, TResult>(
            OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
        {
            Writes++;
            try
            {
                return write(state, cancellationToken);
            }
            catch
            {
                ThrewFromTheCall = true;
                throw;
            }
        }

        public override ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Thrown by the commit's call.");
    }
}
