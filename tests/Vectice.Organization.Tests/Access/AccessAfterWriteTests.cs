using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;
using Vectice.Organization.Testing;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Access;

/// <summary>
/// What a write in this process does to the access checks' cache beyond a plain commit: a write whose
/// outcome is unknown drops it (it may have committed), and the drop comes before a host's observers.
/// </summary>
public sealed class AccessAfterWriteTests
{
    [Theory]
    [InlineData("from its task")]
    [InlineData("from its call")]
    public async Task A_write_that_throws_after_its_commit_was_written_leaves_no_revoked_permission_cached(string where)
    {
        FailingStore store = where == "from its task"
            ? new LostAfterCommitStore(new InMemoryOrganizationStore())
            : new ThrowsFromTheCallStore(new InMemoryOrganizationStore());
        var org = await Acme.SeedAsync(store);
        using var host = new AccessHost(store, org.Clock);
        Assert.True(await host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
            var pending = (await roleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Viewer)).GetValueOrThrow();
            store.Failing = true;
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await roleChanges.ConfirmAsync(Ada, pending.Id));
        }

        Assert.Equal(OrgRole.Viewer, (await store.FindMembershipAsync(Id, Alan, default))!.Role);
        Assert.False(await host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
    }

    [Fact]
    public async Task A_log_that_throws_after_the_commit_does_not_keep_the_revoked_permission_cached()
    {
        var store = new InMemoryOrganizationStore();
        var org = await Acme.SeedAsync(store);
        var logs = new ThrowingLoggerProvider();
        using var host = new AccessHost(store, org.Clock, build: b => b.Services.AddLogging(l => l.AddProvider(logs)));
        Assert.True(await host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
            var pending = (await roleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Viewer)).GetValueOrThrow();
            logs.Throwing = true;
            Assert.NotNull(await Record.ExceptionAsync(async () => await roleChanges.ConfirmAsync(Ada, pending.Id)));
            logs.Throwing = false;
        }

        Assert.Equal(OrgRole.Viewer, (await store.FindMembershipAsync(Id, Alan, default))!.Role);
        Assert.False(await host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
    }

    [Fact]
    public async Task A_hosts_observer_registered_first_is_told_after_the_access_checks_dropped_the_revoked_permission()
    {
        var store = new InMemoryOrganizationStore();
        var org = await Acme.SeedAsync(store);
        var slow = new HeldObserver();
        using var host = new AccessHost(store, org.Clock, build: b => b.Services.Insert(0, ServiceDescriptor.Singleton<IMembershipChangeObserver>(slow)));
        Assert.True(await host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        await using var scope = host.Services.CreateAsyncScope();
        var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
        var pending = (await roleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Viewer)).GetValueOrThrow();
        var confirming = roleChanges.ConfirmAsync(Ada, pending.Id).AsTask();
        await slow.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        try
        {
            Assert.False(await host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        }
        finally
        {
            slow.Release.SetResult();
            (await confirming).GetValueOrThrow();
        }
    }

    private abstract class FailingStore(IOrganizationStore inner) : DelegatingOrganizationStore(inner)
    {
        public bool Failing { get; set; }
    }

    // The commit is written, then the store throws, as the EF store does when the connection is lost after COMMIT and the read-back fails too.
    private sealed class LostAfterCommitStore(IOrganizationStore inner) : FailingStore(inner)
    {
        public override async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
        {
            var outcome = await Inner.CommitAsync(commit, cancellationToken);
            return Failing && outcome == CommitOutcome.Committed
                ? throw new InvalidOperationException("The change may or may not have been saved.")
                : outcome;
        }
    }

    // The write runs, then the call itself throws (as a store whose lock release fails might), not its task.
    private sealed class ThrowsFromTheCallStore(IOrganizationStore inner) : FailingStore(inner)
    {
        public override ValueTask<TResult> WriteAsync<TState, TResult>(OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
        {
            var written = Inner.WriteAsync(organizationId, state, write, cancellationToken);
            return Failing && written.IsCompletedSuccessfully ? throw new InvalidOperationException("The lock could not be released.") : written;
        }
    }

    private sealed class ThrowingLoggerProvider : ILoggerProvider, ILogger
    {
        public bool Throwing { get; set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => Throwing;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Throwing)
            {
                throw new InvalidOperationException("The log's sink is down.");
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class HeldObserver : IMembershipChangeObserver
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }
}
