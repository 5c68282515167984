using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// One page of 50 members in an organization of 100,000 on SQLite: the first page and page 2,000
/// (the last), read with the store's keyset paging against the offset paging a host would write
/// by hand (<c>ORDER BY … LIMIT 50 OFFSET n</c>, what EF's <c>Skip</c>/<c>Take</c> sends).
/// </summary>
[MemoryDiagnoser]
public class MemberListingBenchmarks
{
    public const int Members = 100_000;
    public const int PageSize = 50;
    public const int DeepPage = 2_000;

    private static readonly OrganizationId Org = new("acme");
    private static readonly MemberQuery FirstPage = new() { Limit = PageSize };
    private static readonly MemberQuery LastPage = new() { Limit = PageSize, After = FirstPage.CursorAfter(Member(((DeepPage - 1) * PageSize) - 1)) };

    private BenchmarkDatabase _database = null!;
    private OrganizationDbContext _context = null!;
    private EntityFrameworkOrganizationStore<OrganizationDbContext> _store = null!;
    private DbConnection _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchmarkDatabase.Sqlite("listing");
        _context = new OrganizationDbContext(_database.Use(new DbContextOptionsBuilder<OrganizationDbContext>()).Options);
        _context.Database.EnsureCreated();
        _store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(_context);
        _connection = _database.OpenConnection();
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "VecticeOrganizations" ("Id", "Name", "MembersCanCreateWorkspaces", "MembersCanInviteColleagues", "FourEyes", "Version")
            VALUES ('acme', 'Acme', 0, 0, 'Off', 1)
            """;
        command.ExecuteNonQuery();
        command.CommandText = """
            INSERT INTO "VecticeMemberships" ("OrganizationId", "UserId", "Email", "DisplayName", "Role", "Status")
            VALUES ('acme', @id, @id || '@example.com', @id, 'Member', 'Active')
            """;
        var id = command.CreateParameter();
        id.ParameterName = "id";
        command.Parameters.Add(id);
        for (var i = 0; i < Members; i++)
        {
            id.Value = Id(i);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _context.Dispose();
        _database.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Page<Membership>> KeysetFirstPage() => _store.ListMembersAsync(Org, FirstPage, CancellationToken.None);

    [Benchmark]
    public ValueTask<Page<Membership>> KeysetPage2000() => _store.ListMembersAsync(Org, LastPage, CancellationToken.None);

    [Benchmark]
    public Task<List<Membership>> OffsetFirstPage() => OffsetAsync(0);

    [Benchmark]
    public Task<List<Membership>> OffsetPage2000() => OffsetAsync((DeepPage - 1) * PageSize);

    private static string Id(int i) => $"m{i:D6}";

    // The member a page ends with: the cursor after it starts the next page.
    private static Membership Member(int i) => new(Org, new User(new UserId(Id(i)), $"{Id(i)}@example.com", Id(i)), OrgRole.Member, MembershipStatus.Active);

    private async Task<List<Membership>> OffsetAsync(int offset)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT "UserId", "Email", "DisplayName", "Role", "Status" FROM "VecticeMemberships"
            WHERE "OrganizationId" = 'acme' ORDER BY "UserId" LIMIT {PageSize} OFFSET {offset}
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var page = new List<Membership>(PageSize);
        while (await reader.ReadAsync())
        {
            var user = new User(new UserId(reader.GetString(0)), reader.GetString(1), reader.GetString(2));
            page.Add(new Membership(Org, user, Enum.Parse<OrgRole>(reader.GetString(3)), Enum.Parse<MembershipStatus>(reader.GetString(4))));
        }

        return page;
    }
}
