using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.PostgreSql;

namespace Vectice.Organization.WebDemo.Tests.PublicApi;

/// <summary>
/// The BCL's rule, held for every async method of the five packages (<see cref="AsyncMethods"/>): a bad
/// argument throws an <see cref="ArgumentException"/> naming it from the call itself, before a task is
/// returned; a token already cancelled, with good arguments, gives a cancelled task and no throw.
/// </summary>
public sealed class ArgumentTimingTests : IDisposable
{
    private static readonly CancellationToken Cancelled = new(canceled: true);

    private readonly ServiceProvider _root;
    private readonly IServiceScope _scope;

    public ArgumentTimingTests()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddVecticeOrganization();

        // Built, never opened: no call here gets as far as the database.
        services.AddDbContext<OrganizationDbContext>(options => options.UseSqlite("Data Source=:memory:"));
        services.Configure<PostgreSqlChangeFeedOptions>(options => options.ConnectionString = "Host=127.0.0.1;Database=never_opened");
        _root = services.BuildServiceProvider();
        _scope = _root.CreateScope();
    }

    public static TheoryData<string, string, int> BadArguments()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var method in AsyncMethods.All())
        {
            foreach (var parameter in method.GetParameters())
            {
                for (var i = 0; i < ArgumentValues.Bad(parameter).Length; i++)
                {
                    cases.Add(AsyncMethods.Key(method), parameter.Name!, i);
                }
            }
        }

        return cases;
    }

    // Public methods only: the one explicit implementation, IMembershipChangeObserver.OnCommittedAsync,
    // ignores its token on purpose (a commit's cached access must be dropped even if its caller gave up).
    public static TheoryData<string> Cancellable() =>
        [.. AsyncMethods.All().Where(m => m.IsPublic && m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken))).Select(AsyncMethods.Key)];

    [Fact]
    public void The_methods_of_every_package_are_found_and_those_of_abstract_types_take_nothing_to_check()
    {
        var keys = AsyncMethods.All().Select(AsyncMethods.Key).ToList();

        Assert.Contains("RoleChangeService.ConfirmAsync(UserId, PendingChangeId, CancellationToken)", keys);
        Assert.Contains("Pages.ReadAllAsync(IOrganizationStore, OrganizationId, PageQuery`1, CancellationToken)", keys);
        Assert.Contains("OrganizationAccess.Vectice.Organization.IMembershipChangeObserver.OnCommittedAsync(AuditEntry, CancellationToken)", keys);
        Assert.Contains("EntityFrameworkOrganizationStore`1.CommitAsync(OrganizationCommit, CancellationToken)", keys);
        Assert.Contains("PostgreSqlOrganizationChangeFeed.RunAsync(IOrganizationChangeSink, CancellationToken)", keys);
        Assert.Contains("StoreFixture.InitializeAsync()", keys);

        // Methods of abstract types without a stand-in (the kit's suites and fixture) cannot be called here: they must have no argument to check.
        Assert.Empty(AsyncMethods.All().Where(m => !AsyncMethods.IsCallable(m.DeclaringType!) && !m.IsStatic && m.GetParameters().Length > 0).Select(AsyncMethods.Key));
    }

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_throws_from_the_call_naming_it(string key, string parameterName, int badValue)
    {
        var method = AsyncMethods.Find(key);
        var parameter = method.GetParameters().Single(p => p.Name == parameterName);

        // A cancelled token too: the bad argument must win, and a call that misses it does no work.
        var args = method.GetParameters()
            .Select(p => p == parameter ? ArgumentValues.Bad(p)[badValue] : ArgumentValues.GoodValue(method, p, _scope.ServiceProvider, Cancelled))
            .ToArray();

        object? returned = null;
        var exception = Record.Exception(() => returned = AsyncMethods.Invoke(method, _scope.ServiceProvider, args));

        if (returned is not null)
        {
            Assert.Fail($"{key} returned a task ({AsyncMethods.Status(returned)}) for a bad {parameterName} instead of throwing.");
        }

        var argument = Assert.IsAssignableFrom<ArgumentException>(exception);
        Assert.Equal(parameterName, argument.ParamName);
    }

    [Theory]
    [MemberData(nameof(Cancellable))]
    public void A_cancelled_token_gives_a_cancelled_task_and_no_throw(string key)
    {
        var method = AsyncMethods.Find(key);
        var args = method.GetParameters().Select(p => ArgumentValues.GoodValue(method, p, _scope.ServiceProvider, Cancelled)).ToArray();

        var returned = AsyncMethods.Invoke(method, _scope.ServiceProvider, args);

        Assert.Equal("cancelled", AsyncMethods.Status(returned));
    }

    public void Dispose()
    {
        _scope.Dispose();
        _root.Dispose();
    }
}
