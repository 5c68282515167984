using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>The EF Core store over <see cref="OrganizationDbContext"/>; each scope has its own context and connection.</summary>
public abstract class EntityFrameworkStoreFixture : StoreFixture
{
    /// <summary>
    /// A context on the fixture's database, optionally with interceptors (for fault injection), its
    /// statements prepared on PostgreSQL as <c>AddEntityFrameworkStores</c> has a host's; its options name no
    /// service provider, so the access checks do not hear of its host transactions' commits (see <see cref="UseDatabase"/>).
    /// </summary>
    public OrganizationDbContext CreateContext(params IInterceptor[] interceptors) => CreateContext(options => options.AddInterceptors(interceptors));

    /// <summary>A context on the fixture's database, with the host's own options added by <paramref name="configure"/>.</summary>
    public OrganizationDbContext CreateContext(Action<DbContextOptionsBuilder<OrganizationDbContext>> configure)
    {
        var options = UseProvider(new DbContextOptionsBuilder<OrganizationDbContext>());
        configure(options);
        if (StatementPreparation.IsWanted(options))
        {
            options.AddInterceptors(StatementPreparation.Instance);
        }
        return new(options.Options);
    }

    /// <summary>Points a host's registration of the context (<c>AddDbContext</c>, <c>AddDbContextPool</c>) at the fixture's database.</summary>
    public void UseDatabase(DbContextOptionsBuilder options) => UseProvider((DbContextOptionsBuilder<OrganizationDbContext>)options);

    public override StoreScope OpenScope()
    {
        var context = CreateContext();
        return new StoreScope(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), context);
    }

    /// <summary>The writers waiting in this process's queue (<see cref="OrganizationWriteQueue"/>) for the one in the organization's turn (on SQLite, the database's).</summary>
    public override int? WritersWaiting(OrganizationId organizationId)
    {
        using var context = CreateContext();
        return OrganizationWriteQueue.Waiting(context.Database.GetDbConnection(), organizationId.Value, context.Database.IsSqlite());
    }

    protected abstract DbContextOptionsBuilder<OrganizationDbContext> UseProvider(DbContextOptionsBuilder<OrganizationDbContext> options);
}
