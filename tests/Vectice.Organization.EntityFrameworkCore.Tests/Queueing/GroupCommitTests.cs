using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// Writers queued for one turn write in one transaction (<see cref="SharedTransaction"/>): each test holds a first
/// writer at its commit until the others queue behind it, so that the first commits alone and the others form a
/// group, whose first writer hands the transaction on and whose last commits it. Counted by the transactions the
/// writers begin. In one collection: a test turns group commits off for the whole process.
/// </summary>
[Collection(nameof(GroupCommitSwitch))]
public abstract class GroupCommitTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly UserId Ada = new("ada");

    protected TFixture Fixture { get; } = fixture;

    [SkippableFact]
    public async Task Writers_queued_behind_a_commit_write_in_one_transaction_and_all_commit()
    {
        var (written, transactions) = await QueuedWritersAsync(failing: null);

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);
    }

    [SkippableFact]
    public async Task Writes_that_join_a_group_are_counted_and_take_their_savepoints_through_EF_Core()
    {
        using var measured = new TurnMeasurements();
        var savepointEvents = new SavepointEvents();
        var (written, transactions) = await QueuedWritersAsync(failing: null, options => options.AddInterceptors(savepointEvents));

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);

        // The group's second and third writers joined the transaction its first handed on, each behind a savepoint that
        // EF Core took (its interceptors see it) and the server answered before the write went on.
        Assert.Equal(2, measured.Joined);
        Assert.Equal(2, savepointEvents.Count);
    }

    [SkippableFact]
    public async Task A_metrics_listener_that_throws_fails_no_write_of_a_group()
    {
        using var measured = new TurnMeasurements(throwing: true);
        var (written, transactions) = await QueuedWritersAsync(failing: null);

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);

        // The listener heard the store's measurements, and threw at each of them.
        Assert.Equal(2, measured.Joined);
        Assert.NotEmpty(measured.Waits);
        Assert.NotEmpty(measured.Held);
    }

    [SkippableFact]
    public async Task A_commit_that_fails_in_a_group_is_undone_alone_and_the_group_commits_the_others()
    {
        var (written, transactions) = await QueuedWritersAsync(failing: 2);

        // Its statements ran, then the database refused one after them: undone back to its savepoint, its outcome is
        // certain, and the database's refusal is thrown, with nothing to read back.
        Assert.Equal((null, OrgRole.Member), written[2]);
        Assert.All(written.Where((_, i) => i != 2), w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);
    }

    [SkippableFact]
    public async Task A_write_that_fails_in_a_group_whose_COMMIT_then_fails_is_decided_again()
    {
        var (written, _) = await QueuedWritersAsync(failing: 2, failingCommit: 3);

        // Its failure may have come of the others' writes, which the group did not keep: a conflict, not the failure.
        Assert.Equal((CommitOutcome.VersionConflict, OrgRole.Member), written[2]);
        Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), written[0]);
        Assert.All(written.Skip(1), w => Assert.Equal(OrgRole.Member, w.Role));
    }

    [SkippableFact]
    public async Task A_write_cancelled_while_it_reads_in_a_group_is_undone_alone_and_the_group_commits_the_others()
    {
        using var cancellation = new CancellationTokenSource();
        var (written, transactions) = await QueuedWritersAsync(failing: null, cancelled: (2, cancellation));

        // Its read was cancelled on the group's connection (on PostgreSQL on the server, which aborts the group's
        // transaction; SQLite's driver checks the token before a command only): undone back to its savepoint, the writer
        // learns its cancellation, and the writer after it still joins the group and commits it.
        Assert.True(cancellation.IsCancellationRequested);
        Assert.Equal((null, OrgRole.Member), written[2]);
        Assert.All(written.Where((_, i) => i != 2), w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);
    }

    [SkippableFact]
    public async Task A_transaction_takes_sixteen_writes_at_most()
    {
        var (written, transactions) = await QueuedWritersAsync(failing: null, writers: 18);

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));

        // The first's, a group of sixteen, and one of the last.
        Assert.Equal(3, transactions);
    }

    [SkippableFact]
    public async Task A_write_of_a_group_that_commits_nothing_answers_once_the_group_commits_and_runs_again_when_it_does_not()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var seeded = await SeededHostAsync(writers: 4, users => new Commits(hold: users[0].Value, fail: null, failCommitOf: users[3].Value));
        var (users, commits, provider, organization) = seeded;
        var store = DefaultStore;

        var first = ViewerAsync(provider, store, organization, users[0]);
        var queued = new List<Task>();
        Task<CommitOutcome?> leader, last;
        Task<OrgRole?> reader;
        try
        {
            await commits.Held.WaitAsync(Patience);

            // The second writer makes its member a Viewer; the third reads that member's role in the group, and commits
            // nothing; the fourth's commit is the group's last, and its COMMIT fails.
            queued.Add(leader = Task.Run(() => ViewerAsync(provider, store, organization, users[1])));
            await WaitingAsync(organization, 1);
            queued.Add(reader = Task.Run(() => RoleInWriteAsync(provider, organization, users[1])));
            await WaitingAsync(organization, 2);
            queued.Add(last = Task.Run(() => ViewerAsync(provider, store, organization, users[3])));
            await WaitingAsync(organization, 3);
        }
        finally
        {
            commits.Release();
        }

        await Task.WhenAll(queued.Prepend(first)).WaitAsync(Patience);
        Assert.Equal(CommitOutcome.VersionConflict, await leader);
        Assert.Equal(CommitOutcome.VersionConflict, await last);
        Assert.Equal(OrgRole.Member, await HostedDemotion.RoleOfAsync(provider, organization, users[1]));
        Assert.Equal(OrgRole.Member, await reader);
    }

    [SkippableFact]
    public async Task A_joined_writes_own_context_reads_outside_the_groups_transaction()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var seeded = await SeededHostAsync(writers: 2);
        var (users, commits, provider, organization) = seeded;

        var first = ViewerAsync(provider, DefaultStore, organization, users[0]);
        var queued = new List<Task>();
        Task<(OrgRole? ThroughStore, OrgRole? OnOwnContext)> reads;
        try
        {
            await commits.Held.WaitAsync(Patience);

            // The second writer makes its member a Viewer; the third, in the group after it, reads that member's role
            // through the store and on its own scope's context.
            queued.Add(Task.Run(() => ViewerAsync(provider, DefaultStore, organization, users[1])));
            await WaitingAsync(organization, 1);
            queued.Add(reads = Task.Run(() => RoleBothWaysInWriteAsync(provider, organization, users[1])));
            await WaitingAsync(organization, 2);
        }
        finally
        {
            commits.Release();
        }

        await Task.WhenAll(queued.Prepend(first)).WaitAsync(Patience);

        // Through the store, the group's write before it; on its own context, outside the group's transaction, what was
        // committed. It joined the group: no third transaction began.
        Assert.Equal((OrgRole.Viewer, OrgRole.Member), await reads);
        Assert.Equal(2, commits.Transactions);
    }

    [SkippableFact]
    public async Task A_group_commit_a_hosts_interceptor_refuses_throws_its_exception_to_the_writes_it_held()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var seeded = await SeededHostAsync(writers: 3, users => new Commits(hold: users[0].Value, fail: null, failCommitOf: users[2].Value, hostRefusesCommit: true));
        var (users, commits, provider, organization) = seeded;

        var first = ViewerAsync(provider, DefaultStore, organization, users[0]);
        var queued = new List<Task<CommitOutcome?>>();
        try
        {
            await commits.Held.WaitAsync(Patience);
            foreach (var user in users.Skip(1))
            {
                queued.Add(Task.Run(() => ViewerAsync(provider, DefaultStore, organization, user)));
                await WaitingAsync(organization, queued.Count);
            }
        }
        finally
        {
            commits.Release();
        }

        Assert.Equal(CommitOutcome.Committed, await first.WaitAsync(Patience));

        // The group's first write, whose version nothing moved, learns the host's refusal; the last, which read the
        // first's uncommitted version, is decided again.
        Assert.Equal(Commits.HostRefusal, (await Assert.ThrowsAsync<InvalidOperationException>(() => queued[0].WaitAsync(Patience))).Message);
        Assert.Equal(CommitOutcome.VersionConflict, await queued[1].WaitAsync(Patience));
        Assert.Equal(OrgRole.Member, await HostedDemotion.RoleOfAsync(provider, organization, users[1]));
    }

    [SkippableFact]
    public async Task A_transaction_takes_sixteen_writes_at_most_counting_those_that_commit_nothing()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var seeded = await SeededHostAsync(writers: 3);
        var (users, commits, provider, organization) = seeded;

        var first = ViewerAsync(provider, DefaultStore, organization, users[0]);
        var queued = new List<Task>();
        try
        {
            await commits.Held.WaitAsync(Patience);

            // A commit, twenty writes that commit nothing, a commit.
            queued.Add(Task.Run(() => ViewerAsync(provider, DefaultStore, organization, users[1])));
            await WaitingAsync(organization, queued.Count);
            for (var i = 0; i < 20; i++)
            {
                queued.Add(Task.Run(() => RoleInWriteAsync(provider, organization, users[0])));
                await WaitingAsync(organization, queued.Count);
            }

            queued.Add(Task.Run(() => ViewerAsync(provider, DefaultStore, organization, users[2])));
            await WaitingAsync(organization, queued.Count);
        }
        finally
        {
            commits.Release();
        }

        await Task.WhenAll(queued.Prepend(first)).WaitAsync(Patience);

        // The first's; a group of sixteen (the commit and fifteen reads); then one each for the five reads left, as only a
        // commit hands its transaction on, and one for the last commit. Had the group counted its commits only: two.
        Assert.Equal(8, commits.Transactions);
    }

    [SkippableFact]
    public async Task Writers_do_not_group_when_the_switch_turns_it_off()
    {
        AppContext.SetSwitch(SharedTransaction.DisableSwitch, true);
        try
        {
            var (written, transactions) = await QueuedWritersAsync(failing: null);

            Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
            Assert.Equal(written.Count, transactions);
        }
        finally
        {
            AppContext.SetSwitch(SharedTransaction.DisableSwitch, false);
        }

        foreach (var file in new[] { "docs/entity-framework-core.md", "benchmarks/Vectice.Organization.Contention/Program.cs" })
        {
            Assert.Contains(SharedTransaction.DisableSwitch, await File.ReadAllTextAsync(RepositoryFiles.Path(file)), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Writers_do_not_group_under_an_execution_strategy_that_retries()
    {
        var (written, transactions) = await QueuedWritersAsync(failing: null, RetryOnFailure);

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(written.Count, transactions);
    }

    [SkippableFact]
    public async Task A_writer_on_a_context_of_another_type_commits_the_group_it_finds_before_its_own_write()
    {
        var (written, transactions) = await QueuedWritersAsync(failing: null, otherContext: 3);

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));

        // The first's, the group of the second and third, and the fourth's own.
        Assert.Equal(3, transactions);
    }

    [SkippableFact]
    public void A_group_takes_writes_on_contexts_of_its_type_model_and_connection_string_only()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        using var first = Fixture.CreateContext();
        using var second = Fixture.CreateContext();
        using var other = new OtherContext(first);
        using var elsewhere = Fixture.CreateContext();
        elsewhere.Database.SetConnectionString(ConnectionStringElsewhere);
        using var anotherPassword = Fixture.CreateContext();
        anotherPassword.Database.SetConnectionString(first.Database.GetConnectionString() + ";Password=another");
        var shared = new SharedTransaction(first, null!, first.Database.GetConnectionString());

        Assert.True(shared.Serves(second));
        Assert.False(shared.Serves(other));
        Assert.False(shared.Serves(elsewhere));
        Assert.False(shared.Serves(anotherPassword));

        // Against the first context's connection string as it was before its write opened the connection, whatever the connection reports since.
        first.Database.SetConnectionString(ConnectionStringElsewhere);
        Assert.True(shared.Serves(second));
    }

    /// <summary>
    /// Cancels <paramref name="source"/> while <paramref name="command"/>, a read, runs: at once, before the provider sends it,
    /// unless the provider can stop a command the server is running.
    /// </summary>
    protected virtual void CancelWhileReading(DbCommand command, CancellationTokenSource source) => source.Cancel();

    /// <summary>The fixture's provider told to retry on failure, as a host's execution strategy would.</summary>
    protected abstract void RetryOnFailure(DbContextOptionsBuilder options);

    /// <summary>The fixture's database, through a connection string of its own (another user's, schema's or setting's).</summary>
    protected abstract string ConnectionStringElsewhere { get; }

    /// <summary>Points <see cref="OtherOrganizationContext"/> at the fixture's database.</summary>
    protected abstract void UseDatabase(DbContextOptionsBuilder<OtherOrganizationContext> options);

    /// <summary>
    /// Four writers, each making a member of its own a Viewer: the first held at its commit until the three others
    /// wait for the turn, in order, then let go. The commit of the writer numbered <paramref name="failing"/>, if any, fails once,
    /// as a statement the database refused would (its outcome then null); the writer numbered <paramref name="otherContext"/>, if any, writes on
    /// an <see cref="OtherOrganizationContext"/>; the COMMIT of the transaction the writer numbered <paramref name="failingCommit"/>
    /// writes in, if any, fails as a lost connection would; the token of the writer <paramref name="cancelled"/> names is cancelled
    /// while its read runs (<see cref="CancelWhileReading"/>), its outcome then null. Returns each writer's outcome and its member's role after, and
    /// the transactions the writers began.
    /// </summary>
    protected async Task<(IReadOnlyList<(CommitOutcome? Outcome, OrgRole? Role)> Written, int Transactions)> QueuedWritersAsync(
        int? failing, Action<DbContextOptionsBuilder>? configure = null, int? otherContext = null, int writers = 4, int? failingCommit = null,
        (int Writer, CancellationTokenSource Source)? cancelled = null)
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var seeded = await SeededHostAsync(
            writers, users => new Commits(hold: users[0].Value, fail: failing is { } f ? users[f].Value : null, failCommitOf: failingCommit is { } c ? users[c].Value : null), configure);
        var (users, commits, provider, organization) = seeded;
        if (cancelled is { } x)
        {
            commits.CancelReadOf = (users[x.Writer].Value, command => CancelWhileReading(command, x.Source));
        }

        Func<IServiceProvider, IOrganizationStore> Store(int writer) => writer == otherContext
            ? scope => new EntityFrameworkOrganizationStore<OtherOrganizationContext>(scope.GetRequiredService<OtherOrganizationContext>())
            : DefaultStore;

        var first = ViewerAsync(provider, Store(0), organization, users[0]);
        var others = new List<Task<CommitOutcome?>>();
        try
        {
            await commits.Held.WaitAsync(Patience);

            // One after the other, so that they get the turn in this order (the queue is first come, first served).
            foreach (var (user, writer) in users.Select((user, writer) => (user, writer)).Skip(1))
            {
                var token = writer == cancelled?.Writer ? cancelled.Value.Source.Token : CancellationToken.None;
                others.Add(Task.Run(() => ViewerAsync(provider, Store(writer), organization, user, token)));
                await WaitingAsync(organization, others.Count);
            }
        }
        finally
        {
            // However the test ends, the held write lets go of its lock, which the class's other tests need.
            commits.Release();
        }

        var outcomes = await Task.WhenAll(others.Prepend(first)).WaitAsync(Patience);
        var written = new List<(CommitOutcome?, OrgRole?)>();
        for (var i = 0; i < users.Length; i++)
        {
            written.Add((outcomes[i], await HostedDemotion.RoleOfAsync(provider, organization, users[i])));
        }

        return (written, commits.Transactions);
    }

    /// <summary>
    /// A host of the fixture's database (see <see cref="Host"/>) with <paramref name="commits"/>' interceptor (by default, one
    /// that holds the first user's commit), and an organization whose members are the writers' users, writer-0 on; the
    /// interceptor counts the transactions begun from here on.
    /// </summary>
    private async Task<SeededHost> SeededHostAsync(int writers, Func<UserId[], Commits>? commits = null, Action<DbContextOptionsBuilder>? configure = null)
    {
        var users = Enumerable.Range(0, writers).Select(i => new UserId($"writer-{i}")).ToArray();
        var interceptor = commits?.Invoke(users) ?? new Commits(hold: users[0].Value, fail: null);
        var provider = Host(interceptor, configure);
        var organization = await SeedAsync(provider, users);
        interceptor.Count();
        return new(users, interceptor, provider, organization);
    }

    // The store a host resolves.
    private static IOrganizationStore DefaultStore(IServiceProvider scope) => scope.GetRequiredService<IOrganizationStore>();

    // A host of the fixture's database with the interceptors on both its contexts' options, and its own options beside.
    private ServiceProvider Host(Commits commits, Action<DbContextOptionsBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(options =>
        {
            Fixture.UseDatabase(options.AddInterceptors(commits));
            configure?.Invoke(options);
        });
        services.AddDbContext<OtherOrganizationContext>(options => UseDatabase((DbContextOptionsBuilder<OtherOrganizationContext>)options.AddInterceptors(commits)));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static async Task<OrganizationId> SeedAsync(ServiceProvider provider, IEnumerable<UserId> users)
    {
        var organization = new OrganizationId($"group-{Guid.NewGuid():N}");
        await using var scope = provider.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        (await provisioning.CreateOrganizationAsync(organization, "Group commit", new User(Ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        foreach (var user in users)
        {
            (await provisioning.AddMemberAsync(Ada, organization, new User(user, $"{user.Value}@example.com", user.Value), OrgRole.Member)).GetValueOrThrow();
        }

        return organization;
    }

    // One attempt through the store, so that each writer's own outcome is seen (the services would decide again after a conflict).
    private static async Task<CommitOutcome?> ViewerAsync(
        ServiceProvider provider, Func<IServiceProvider, IOrganizationStore> storeOf, OrganizationId organization, UserId user, CancellationToken cancellationToken = default)
    {
        await using var scope = provider.CreateAsyncScope();
        var store = storeOf(scope.ServiceProvider);
        try
        {
            return await ViewerAsync(store, organization, user, cancellationToken);
        }
        catch (DbException e) when (e.Message.Contains(Commits.MissingTable, StringComparison.Ordinal))
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static ValueTask<CommitOutcome> ViewerAsync(IOrganizationStore store, OrganizationId organization, UserId user, CancellationToken cancellationToken = default) =>
        store.WriteAsync(
            organization,
            (Store: store, Organization: organization, User: user),
            static async (s, cancellationToken) =>
            {
                var read = (await s.Store.LoadSnapshotAsync(s.Organization, Ada, s.User, null, cancellationToken))!;
                var viewer = read.Target!.State with { Role = OrgRole.Viewer };
                return await s.Store.CommitAsync(
                    new OrganizationCommit
                    {
                        Organization = read.Organization with { Version = read.Organization.Version + 1 },
                        UpdatedMemberships = [read.Target.WithState(viewer)],
                        AuditEntries =
                        [
                            new AuditEntry
                            {
                                OrganizationId = s.Organization, At = DateTimeOffset.UtcNow, Actor = Ada, Action = AuditAction.RoleChanged,
                                Target = s.User, Before = read.Target.State, After = viewer,
                            },
                        ],
                    },
                    cancellationToken);
            },
            cancellationToken);

    // A write through the store that reads a member's role and commits nothing.
    private static async Task<OrgRole?> RoleInWriteAsync(ServiceProvider provider, OrganizationId organization, UserId user)
    {
        await using var scope = provider.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOrganizationStore>();
        return await store.WriteAsync(
            organization,
            (Store: store, Organization: organization, User: user),
            static async (s, cancellationToken) => (await s.Store.FindMembershipAsync(s.Organization, s.User, cancellationToken))?.Role,
            CancellationToken.None);
    }

    // A write that reads a member's role through the store and on the scope's own context (as a host's decorator of the store could), and commits nothing.
    private static async Task<(OrgRole?, OrgRole?)> RoleBothWaysInWriteAsync(ServiceProvider provider, OrganizationId organization, UserId user)
    {
        await using var scope = provider.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOrganizationStore>();
        var context = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
        return await store.WriteAsync(
            organization,
            (Store: store, Context: context, Organization: organization, User: user),
            static async (s, cancellationToken) =>
            {
                var throughStore = (await s.Store.FindMembershipAsync(s.Organization, s.User, cancellationToken))?.Role;
                var (id, userId) = (s.Organization.Value, s.User.Value);
                var onOwnContext = (await s.Context.Set<Entities.MembershipRow>().AsNoTracking()
                    .FirstOrDefaultAsync(m => m.OrganizationId == id && m.UserId == userId, cancellationToken))?.Role;
                return (throughStore, onOwnContext);
            },
            CancellationToken.None);
    }

    private async Task WaitingAsync(OrganizationId organization, int writers)
    {
        using var patience = new CancellationTokenSource(Patience);
        using var context = Fixture.CreateContext();
        while (OrganizationWriteQueue.Waiting(context.Database.GetDbConnection(), organization.Value, context.Database.IsSqlite()) != writers)
        {
            await Task.Delay(1, patience.Token);
        }
    }

    /// <summary>
    /// Counts the transactions begun once told to; holds the first membership update of one user until released,
    /// makes the database refuse the first of another's once its statements have run, and fails the COMMIT of the
    /// first transaction a third's was written in, as a connection lost then would (a transient error), or as a
    /// host's interceptor refusing it would.
    /// </summary>
    private sealed class Commits(string hold, string? fail, string? failCommitOf = null, bool hostRefusesCommit = false) : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private DbTransaction? _failCommit;
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _transactions = -1;
        private int _holds;
        private int _fails;
        private int _cancels;

        public const string MissingTable = "vectice_group_commit_missing";

        public const string HostRefusal = "Injected: a host's interceptor refused the COMMIT.";

        public Task Held => _held.Task;

        public int Transactions => Volatile.Read(ref _transactions);

        public void Count() => Volatile.Write(ref _transactions, 0);

        public void Release() => _released.TrySetResult();

        /// <summary>The user whose write's next read is cancelled, and how.</summary>
        public (string User, Action<DbCommand> Cancel)? CancelReadOf { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (CancelReadOf is { } cancelling && Mentions(command, cancelling.User) && Interlocked.Increment(ref _cancels) == 1)
            {
                cancelling.Cancel(command);
            }

            return ValueTask.FromResult(result);
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Updates(command, hold) && Interlocked.Increment(ref _holds) == 1)
            {
                _held.TrySetResult();
                await _released.Task;
            }

            if (fail is not null && Updates(command, fail) && Interlocked.Increment(ref _fails) == 1)
            {
                // After the commit's statements, one the database refuses: they ran, and must be undone.
                command.CommandText += $";\nSELECT * FROM {MissingTable}";
            }

            if (failCommitOf is not null && Updates(command, failCommitOf))
            {
                Interlocked.CompareExchange(ref _failCommit, command.Transaction, null);
            }

            return result;
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            transaction != Volatile.Read(ref _failCommit) || Interlocked.Exchange(ref _failCommit, null) is null ? ValueTask.FromResult(result)
            : hostRefusesCommit ? throw new InvalidOperationException(HostRefusal)
            : throw new NpgsqlException("Injected: the connection was lost at COMMIT.", new IOException("lost"));

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref _transactions) >= 0)
            {
                Interlocked.Increment(ref _transactions);
            }

            return ValueTask.FromResult(result);
        }

        private static bool Updates(DbCommand command, string user) =>
            command.CommandText.Contains("UPDATE \"VecticeMemberships\"", StringComparison.Ordinal) && Mentions(command, user);

        private static bool Mentions(DbCommand command, string user) => command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, user));
    }

    /// <summary>Counts the savepoints taken through EF Core.</summary>
    private sealed class SavepointEvents : DbTransactionInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>A host, its interceptor and its organization (<see cref="SeededHostAsync"/>); disposing it disposes the host.</summary>
    private sealed record SeededHost(UserId[] Users, Commits Commits, ServiceProvider Provider, OrganizationId Organization) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Provider.DisposeAsync();
    }

    /// <summary>A context of another type on the same options' model.</summary>
    private sealed class OtherContext(DbContext model) : DbContext(new DbContextOptionsBuilder().UseModel(model.Model).Options);
}

/// <summary>A host's second context type holding the SDK's tables: a model of its own.</summary>
public sealed class OtherOrganizationContext(DbContextOptions<OtherOrganizationContext> options) : OrganizationDbContext(options);

/// <summary>The tests that read or turn the process's group commit switch, one at a time.</summary>
[CollectionDefinition(nameof(GroupCommitSwitch))]
public sealed class GroupCommitSwitch;

public sealed class SqliteGroupCommitTests(SqliteStoreFixture fixture) : GroupCommitTests<SqliteStoreFixture>(fixture)
{
    protected override string ConnectionStringElsewhere => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Fixture.ConnectionString) { DefaultTimeout = 61 }.ToString();

    protected override void UseDatabase(DbContextOptionsBuilder<OtherOrganizationContext> options) => options.UseSqlite(Fixture.ConnectionString);

    protected override void RetryOnFailure(DbContextOptionsBuilder options) =>
        new Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder(options).ExecutionStrategy(dependencies => new RetryingStrategy(dependencies));

    private sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, 3, TimeSpan.FromMilliseconds(10))
    {
        protected override bool ShouldRetryOn(Exception exception) => false;
    }
}

public sealed class PostgresGroupCommitTests(PostgresStoreFixture fixture) : GroupCommitTests<PostgresStoreFixture>(fixture)
{
    protected override string ConnectionStringElsewhere => new NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { ApplicationName = "elsewhere" }.ToString();

    protected override void UseDatabase(DbContextOptionsBuilder<OtherOrganizationContext> options) => options.UseNpgsql(Fixture.ConnectionString);

    protected override void RetryOnFailure(DbContextOptionsBuilder options) =>
        new Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder(options).EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(10), null);

    // In flight: the read waits on the server, which the token's cancellation stops, aborting the group's transaction,
    // once another connection sees it running there.
    protected override void CancelWhileReading(DbCommand command, CancellationTokenSource source)
    {
        const string Sleep = "SELECT pg_sleep(30)";
        command.CommandText = $"{Sleep};\n{command.CommandText}";
        var backend = ((NpgsqlConnection)command.Connection!).ProcessID;
        _ = Task.Run(async () =>
        {
            await using var watcher = new NpgsqlConnection(Fixture.ConnectionString);
            await watcher.OpenAsync();
            await using var running = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_stat_activity WHERE pid = {backend} AND state = 'active' AND query LIKE '{Sleep}%'", watcher);
            using var patience = new CancellationTokenSource(Patience);
            while ((long)(await running.ExecuteScalarAsync(patience.Token))! == 0)
            {
                await Task.Delay(1, patience.Token);
            }

            await source.CancelAsync();
        });
    }

    [SkippableFact]
    public async Task Writers_on_contexts_of_one_data_source_write_in_one_transaction()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var dataSource = NpgsqlDataSource.Create(Fixture.ConnectionString);

        // Npgsql's recommended registration: each context's connection comes from the data source, and reports its
        // string without the password, open or not.
        var (written, transactions) = await QueuedWritersAsync(failing: null, options => options.UseNpgsql(dataSource));

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);
    }

    [SkippableFact]
    public async Task Writers_on_contexts_of_their_own_connections_write_in_one_transaction()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var (written, transactions) = await QueuedWritersAsync(failing: null, options => options.UseNpgsql(new NpgsqlConnection(Fixture.ConnectionString), contextOwnsConnection: true));

        Assert.All(written, w => Assert.Equal((CommitOutcome.Committed, OrgRole.Viewer), w));
        Assert.Equal(2, transactions);
    }
}
