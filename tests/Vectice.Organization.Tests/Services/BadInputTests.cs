using Vectice.Organization.Testing;
using System.Reflection;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// Calls every public method of every service with each bad value of each parameter, found by
/// reflection so that a new method or parameter is covered without editing this test. Each call
/// must fail with an exception naming the parameter and leave the store as it was.
/// </summary>
public sealed class BadInputTests
{
    private static readonly Type[] Services = [typeof(RoleChangeService), typeof(ProvisioningService), typeof(OrganizationSettingsService), typeof(OrganizationDirectory)];

    private static readonly Dictionary<Type, object?[]> BadValues = new()
    {
        [typeof(UserId)] = [default(UserId)],
        [typeof(OrganizationId)] = [default(OrganizationId)],
        [typeof(PendingChangeId)] = [default(PendingChangeId)],
        [typeof(OrgRole)] = [default(OrgRole), (OrgRole)42],
        [typeof(string)] = [null, string.Empty, "   ", "bad\u0007name", new string('n', 201), "bad\uD800name"],
        [typeof(User)] = [null],
        [typeof(CancellationToken)] = [new CancellationToken(canceled: true)],
        [typeof(Stores.PageQuery<AuditEntry>)] = [null],
        [typeof(OrganizationSettings)] = [new OrganizationSettings(false, false, (FourEyesPolicy)42)],
        [typeof(int)] = [0, -1, 1_001],
        [typeof(IReadOnlyCollection<User>)] =
        [
            new User[] { null! },
            new[] { Profile(Stranger) },
            Enumerable.Range(0, PendingChange.MaxBulkMembers + 1).Select(i => Profile(new UserId($"u{i}"))).ToArray(),

            // A Count that understates the items: the list is as long as its items, not as its Count says.
            new ShiftingCollection<User>(0, Enumerable.Range(0, PendingChange.MaxBulkMembers + 1).Select(i => Profile(new UserId($"u{i}"))).ToArray()),
        ],
        [typeof(IReadOnlyCollection<UserId>)] =
        [
            null,
            Array.Empty<UserId>(),
            new[] { Grace, Grace },
            new[] { Grace, default },
            Enumerable.Range(0, PendingChange.MaxBulkMembers + 1).Select(i => new UserId($"u{i}")).ToArray(),
            new ShiftingCollection<UserId>(1, Enumerable.Range(0, PendingChange.MaxBulkMembers + 1).Select(i => new UserId($"u{i}")).ToArray()),
        ],
    };

    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var method in PublicMethods())
        {
            foreach (var parameter in method.GetParameters())
            {
                var count = BadValues.TryGetValue(parameter.ParameterType, out var values) ? values.Length : 0;
                for (var i = 0; i < count; i++)
                {
                    cases.Add($"{method.DeclaringType!.Name}.{method.Name}", parameter.Name!, i);
                }
            }
        }

        return cases;
    }

    public static TheoryData<string> Methods()
    {
        var methods = new TheoryData<string>();
        foreach (var method in PublicMethods())
        {
            methods.Add($"{method.DeclaringType!.Name}.{method.Name}");
        }

        return methods;
    }

    [Fact]
    public void Every_parameter_type_of_the_services_is_covered_or_has_no_bad_value()
    {
        Type[] noBadValue = [typeof(Stores.MemberQuery), typeof(Stores.AuditQuery), typeof(Stores.PendingChangeQuery)];
        var uncovered = PublicMethods().SelectMany(m => m.GetParameters()).Select(p => p.ParameterType)
            .Where(t => !BadValues.ContainsKey(t) && !noBadValue.Contains(t))
            .Distinct();
        Assert.Empty(uncovered);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task With_good_arguments_every_method_runs(string name)
    {
        var org = await Acme.SeedAsync();
        var (service, method, args) = await GoodCallAsync(org, name);
        var exception = await Record.ExceptionAsync(() => InvokeAsync(service, method, args));
        Assert.Null(exception);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_argument_is_refused_naming_it_and_nothing_is_stored(string name, string parameterName, int badValue)
    {
        var org = await Acme.SeedAsync();
        var (service, method, args) = await GoodCallAsync(org, name);
        var parameter = method.GetParameters().Single(p => p.Name == parameterName);
        args[parameter.Position] = BadValues[parameter.ParameterType][badValue];
        var before = await FingerprintAsync(org);

        var exception = await Record.ExceptionAsync(() => InvokeAsync(service, method, args));

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            Assert.IsAssignableFrom<OperationCanceledException>(exception);
        }
        else
        {
            var argumentException = Assert.IsAssignableFrom<ArgumentException>(exception);
            Assert.Equal(parameterName, argumentException.ParamName);
        }

        Assert.Equal(before, await FingerprintAsync(org));
    }

    // A generic method (the directory's stream) is called on one of its lists, the audit trail's.
    private static IEnumerable<MethodInfo> PublicMethods() =>
        Services.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => m.IsGenericMethodDefinition ? m.MakeGenericMethod(typeof(AuditEntry)) : m);

    private static async Task<(object Service, MethodInfo Method, object?[] Args)> GoodCallAsync(OrganizationUnderTest org, string name)
    {
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        var method = PublicMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        object service = method.DeclaringType == typeof(RoleChangeService) ? org.RoleChanges
            : method.DeclaringType == typeof(ProvisioningService) ? org.Provisioning
            : method.DeclaringType == typeof(OrganizationSettingsService) ? org.Settings
            : org.Directory;
        var creates = method.Name == nameof(ProvisioningService.CreateOrganizationAsync);
        var args = method.GetParameters().Select(p => p.Name switch
        {
            "actor" => Ada,
            "target" or "userId" => Grace,
            "organizationId" => creates ? new OrganizationId("new-org") : Id,
            "pendingChangeId" => pending.Id,
            "newRole" => OrgRole.Admin,
            "role" => OrgRole.Viewer,
            "user" or "founder" => Profile(Stranger),
            "name" => "New Org",
            "settings" => new OrganizationSettings(true, true),
            "limit" => 10,
            "targets" => new[] { Grace, Linus },
            "query" when p.ParameterType == typeof(Stores.PageQuery<AuditEntry>) => new Stores.AuditQuery(),
            _ => p.HasDefaultValue ? p.DefaultValue : throw new InvalidOperationException($"No good value for {name}({p.Name})."),
        }).ToArray();
        return (service, method, args);
    }

    private static async Task InvokeAsync(object service, MethodInfo method, object?[] args)
    {
        object result;
        try
        {
            result = method.Invoke(service, args)!;
        }
        catch (TargetInvocationException e)
        {
            throw e.InnerException!;
        }

        var task = (Task)result.GetType().GetMethod("AsTask")!.Invoke(result, null)!;
        await task;
    }

    private static async Task<string> FingerprintAsync(OrganizationUnderTest org)
    {
        var pending = await org.Store.ListPendingChangesAsync(Id, new Stores.PendingChangeQuery(), CancellationToken.None);
        var created = await org.Store.LoadSnapshotAsync(new OrganizationId("new-org"), Stranger, Stranger, null, CancellationToken.None);
        var snapshot = await org.Store.LoadSnapshotAsync(Id, Ada, Ada, null, CancellationToken.None);
        return string.Join("\n", [
            snapshot!.Organization.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. (await org.MembersAsync()).Select(m => m.ToString()),
            .. (await org.AuditAsync()).Select(e => e.ToString()),
            .. pending.Items.Select(p => p.ToString()),
            created is null ? "no new-org" : "new-org exists",
        ]);
    }
}
