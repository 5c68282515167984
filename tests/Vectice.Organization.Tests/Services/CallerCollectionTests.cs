using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// The services read a caller's collection once, check what they read and act on that: a collection
/// whose items change between two reads cannot bring in members the checks never saw. (One whose Count
/// disagrees with its items, longer than the limit, is in <see cref="BadInputTests"/>.)
/// </summary>
public sealed class CallerCollectionTests
{
    [Fact]
    public async Task A_bulk_request_moves_exactly_the_members_it_read_and_reads_them_once()
    {
        var org = await Acme.SeedAsync();
        var targets = new ShiftingCollection<UserId>(1, [Grace], [Grace, Alan]);

        var pending = (await org.RoleChanges.RequestBulkAsync(Ada, Id, targets, OrgRole.Viewer)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();

        Assert.Equal(1, targets.Enumerations);
        Assert.Equal([Grace], pending.Members!.Select(m => m.Member));
        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Alan))!.Role);
    }

    [Fact]
    public async Task A_bulk_request_checks_for_duplicates_in_the_list_it_read()
    {
        var org = await Acme.SeedAsync();
        var targets = new ShiftingCollection<UserId>(2, [Grace, Alan], [Grace, Grace]);

        var pending = (await org.RoleChanges.RequestBulkAsync(Ada, Id, targets, OrgRole.Viewer)).GetValueOrThrow();

        Assert.Equal(1, targets.Enumerations);
        Assert.Equal([Grace, Alan], pending.Members!.Select(m => m.Member));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task A_list_whose_count_is_wrong_is_taken_for_the_items_it_gives(int count)
    {
        var org = await Acme.SeedAsync();

        var pending = (await org.RoleChanges.RequestBulkAsync(Ada, Id, new MiscountedList<UserId>(count, Grace), OrgRole.Viewer)).GetValueOrThrow();
        (await org.Provisioning.CreateOrganizationAsync(new OrganizationId("globex"), "Globex", Profile(Ada), coFounders: new MiscountedList<User>(count, Profile(Alan)))).GetValueOrThrow();

        Assert.Equal([Grace], pending.Members!.Select(m => m.Member));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("founder again")]
    [InlineData("another")]
    public async Task An_organization_is_founded_by_exactly_the_co_founders_read_once(string secondRead)
    {
        var org = Acme.Create();
        User changed = secondRead switch { "null" => null!, "founder again" => Profile(Ada), _ => Profile(Grace) };
        var coFounders = new ShiftingCollection<User>(1, [Profile(Alan)], [changed]);

        (await org.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada), coFounders: coFounders)).GetValueOrThrow();

        Assert.Equal(1, coFounders.Enumerations);
        Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Alan))!.Role);
        Assert.Null(await org.MemberAsync(Grace));
        Assert.Equal(2, await org.ActiveAdminsAsync());
    }
}
