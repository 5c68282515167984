using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Schema;

public sealed class ModelTests : IAsyncLifetime
{
    private readonly string _file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vectice-model-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false }.ToString();

    [Fact]
    public void Tables_take_the_prefix_and_schema_the_host_chooses()
    {
        using var context = new HostDbContext(new DbContextOptionsBuilder<HostDbContext>().UseNpgsql("Host=unused").Options, "Org_", "identity");

        var tables = context.Model.GetEntityTypes()
            .Where(e => e.ClrType != typeof(Widget))
            .Select(e => $"{e.GetSchema()}.{e.GetTableName()}")
            .Order();

        Assert.Equal(["identity.Org_AuditEntries", "identity.Org_Memberships", "identity.Org_Organizations", "identity.Org_PendingChanges"], tables);
        Assert.Contains(context.Model.GetEntityTypes(), e => e.GetTableName() == "Widgets");
    }

    /// <summary>
    /// In a host's own context, with its prefix and schema, the user id column sorts by code point on
    /// PostgreSQL (the "C" collation), as members are listed in every store; SQLite's default already does.
    /// </summary>
    [Theory]
    [InlineData("postgresql", "C")]
    [InlineData("sqlite", null)]
    public void In_a_hosts_context_the_user_id_column_sorts_by_code_point(string provider, string? collation)
    {
        var options = new DbContextOptionsBuilder<HostDbContext>();
        _ = provider == "sqlite" ? options.UseSqlite("Data Source=unused.db") : options.UseNpgsql("Host=unused");
        using var context = new HostDbContext(options.Options, "Org_", "identity");

        var model = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>(context).Model;
        var userId = model.FindEntityType(typeof(Entities.MembershipRow))!.FindProperty(nameof(Entities.MembershipRow.UserId))!;

        Assert.Equal(collation, userId.GetCollation());
    }

    [Fact]
    public void The_version_is_the_concurrency_token_and_the_reads_have_their_indexes()
    {
        using var context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseSqlite(ConnectionString).Options);
        var organization = context.Model.GetEntityTypes().Single(e => e.GetTableName() == "VecticeOrganizations");
        var memberships = context.Model.GetEntityTypes().Single(e => e.GetTableName() == "VecticeMemberships");
        var pending = context.Model.GetEntityTypes().Single(e => e.GetTableName() == "VecticePendingChanges");
        var audit = context.Model.GetEntityTypes().Single(e => e.GetTableName() == "VecticeAuditEntries");

        Assert.True(organization.FindProperty("Version")!.IsConcurrencyToken);
        Assert.Equal(["OrganizationId", "UserId"], memberships.FindPrimaryKey()!.Properties.Select(p => p.Name));
        Assert.Contains(memberships.GetIndexes(), i => Columns(i) == "OrganizationId,Role,Status");
        Assert.Contains(pending.GetIndexes(), i => Columns(i) == "OrganizationId,Status,Id");
        Assert.Contains(audit.GetIndexes(), i => Columns(i) == "OrganizationId,Sequence");
    }

    [Fact]
    public async Task Inside_the_hosts_own_context_the_store_works_and_enums_read_as_words()
    {
        var options = new DbContextOptionsBuilder<HostDbContext>().UseSqlite(ConnectionString).Options;
        await using (var setup = new HostDbContext(options, "Org_", null))
        {
            await setup.Database.EnsureCreatedAsync();
            setup.Widgets.Add(new Widget { Name = "host data" });
            await setup.SaveChangesAsync();
        }

        await using var context = new HostDbContext(options, "Org_", null);
        await ScriptedSchema.AssertTheFlowWorksAsync(new EntityFrameworkOrganizationStore<HostDbContext>(context));

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Role || '/' || Status FROM Org_Memberships WHERE UserId = 'bob'";
        Assert.Equal("Admin/Active", await command.ExecuteScalarAsync());
        Assert.Single(context.Widgets);
    }

    [Fact]
    public async Task The_store_neither_saves_nor_discards_the_hosts_own_changes()
    {
        var options = new DbContextOptionsBuilder<HostDbContext>().UseSqlite(ConnectionString).Options;
        await using var context = new HostDbContext(options, "Org_", null);
        await context.Database.EnsureCreatedAsync();
        var provisioning = new ProvisioningService(new EntityFrameworkOrganizationStore<HostDbContext>(context), Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions()));
        var widget = new Widget { Name = "unsaved" };
        context.Widgets.Add(widget);
        var founder = new User(new UserId("ada"), "ada@example.com", "Ada");

        // The store commits with its own SQL, not SaveChanges: the host's pending widget is neither saved nor dropped.
        (await provisioning.CreateOrganizationAsync(new OrganizationId("host"), "Host", founder)).GetValueOrThrow();

        Assert.Equal(EntityState.Added, context.Entry(widget).State);
        Assert.Single(context.ChangeTracker.Entries());
        await using (var other = new HostDbContext(options, "Org_", null))
        {
            Assert.Empty(other.Widgets);
        }

        await context.SaveChangesAsync();
        Assert.Equal(EntityState.Unchanged, context.Entry(widget).State);
    }

    /// <summary>
    /// With AddDbContextPool, each web request's scope rents a context another request used before: a
    /// write, refused or applied, must leave it with no transaction and no connection of the store's.
    /// </summary>
    [Fact]
    public async Task A_pooled_context_serves_each_request_in_its_own_scope_and_is_left_clean()
    {
        var services = new ServiceCollection();
        services.AddDbContextPool<OrganizationDbContext>(o => o.UseSqlite(ConnectionString));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var (admin, grace, org) = (new UserId("ada"), new UserId("grace"), new OrganizationId("pooled"));
        var contexts = new List<OrganizationDbContext>();
        async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> request)
        {
            await using var scope = provider.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
            contexts.Add(context);
            var result = await request(scope.ServiceProvider);
            Assert.Null(context.Database.CurrentTransaction);
            Assert.Equal(System.Data.ConnectionState.Closed, context.Database.GetDbConnection().State);
            return result;
        }

        await InScopeAsync(async s => await s.GetRequiredService<OrganizationDbContext>().Database.EnsureCreatedAsync());
        Assert.True(await InScopeAsync(async s => (await s.GetRequiredService<ProvisioningService>().CreateOrganizationAsync(org, "Pooled", new User(admin, "ada@example.com", "Ada"))).IsSuccess));
        Assert.True(await InScopeAsync(async s => (await s.GetRequiredService<ProvisioningService>().AddMemberAsync(admin, org, new User(grace, "grace@example.com", "Grace"), OrgRole.Member)).IsSuccess));
        var refused = await InScopeAsync(async s => (await s.GetRequiredService<RoleChangeService>().RequestAsync(admin, org, grace, OrgRole.Member)).Refusal);
        var pending = await InScopeAsync(async s => (await s.GetRequiredService<RoleChangeService>().RequestAsync(admin, org, grace, OrgRole.Viewer)).GetValueOrThrow());
        var confirmed = await InScopeAsync(async s => await s.GetRequiredService<RoleChangeService>().ConfirmAsync(admin, pending.Id));

        Assert.Equal(RefusalCode.NoChange, refused?.Code);
        Assert.True(confirmed.IsSuccess, confirmed.Refusal?.Reason);
        Assert.Equal(OrgRole.Viewer, confirmed.GetValueOrThrow().Membership.Role);
        Assert.Single(contexts.Distinct());
    }

    [Fact]
    public async Task AddEntityFrameworkStores_registers_a_scoped_store_over_the_hosts_context()
    {
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(o => o.UseSqlite(ConnectionString));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using (var setup = provider.CreateAsyncScope())
        {
            await setup.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.EnsureCreatedAsync();
        }

        await using var scope = provider.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOrganizationStore>();
        Assert.IsType<EntityFrameworkOrganizationStore<OrganizationDbContext>>(store);
        Assert.Single(services, d => d.ServiceType == typeof(IOrganizationStore) && d.Lifetime == ServiceLifetime.Scoped);
        var admin = new UserId("ada");
        var org = new OrganizationId("di");
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        (await provisioning.CreateOrganizationAsync(org, "DI", new User(admin, "ada@example.com", "Ada"))).GetValueOrThrow();
        await using var other = provider.CreateAsyncScope();
        Assert.NotNull(await other.ServiceProvider.GetRequiredService<IOrganizationStore>().FindMembershipAsync(org, admin, CancellationToken.None));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return Task.CompletedTask;
    }

    private static string Columns(IIndex index) => string.Join(",", index.Properties.Select(p => p.Name));

    public sealed class Widget
    {
        public int Id { get; set; }

        public required string Name { get; set; }
    }

    /// <summary>A host's own context with its own table, holding the SDK's tables too.</summary>
    public sealed class HostDbContext(DbContextOptions<HostDbContext> options, string prefix, string? schema) : DbContext(options)
    {
        public DbSet<Widget> Widgets => Set<Widget>();

        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, PrefixModelCacheKey>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Widget>().ToTable("Widgets");
            modelBuilder.AddVecticeOrganization(o =>
            {
                o.TablePrefix = prefix;
                o.Schema = schema;
            });
        }

        internal string CacheKey => $"{prefix}|{schema}";
    }

    /// <summary>The tests build the same context type with two table layouts; EF caches one model per key.</summary>
    private sealed class PrefixModelCacheKey : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), (context as HostDbContext)?.CacheKey, designTime, context.Database.ProviderName);
    }
}
