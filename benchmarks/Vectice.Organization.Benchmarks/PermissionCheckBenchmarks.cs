using BenchmarkDotNet.Attributes;
using Vectice.Organization;

namespace Vectice.Organization.Benchmarks;

/// <summary>
/// One permission check (role + settings -> allowed?), against the switch a host would write by
/// hand. Each operation checks all 36 role/permission pairs so the loop overhead is shared.
/// </summary>
[MemoryDiagnoser]
public class PermissionCheckBenchmarks
{
    private const int PairsPerOperation = 36;
    private readonly OrganizationSettings _settings = new(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: false);

    [Benchmark(Baseline = true, OperationsPerInvoke = PairsPerOperation)]
    public int HandWrittenSwitch()
    {
        var allowed = 0;
        for (var role = OrgRole.Admin; role <= OrgRole.Viewer; role++)
        {
            for (var permission = Permission.ReadWorkspaces; permission <= Permission.BeTeamMember; permission++)
            {
                allowed += HandWritten(role, permission, _settings) ? 1 : 0;
            }
        }

        return allowed;
    }

    [Benchmark(OperationsPerInvoke = PairsPerOperation)]
    public int PermissionMatrixLookup()
    {
        var allowed = 0;
        for (var role = OrgRole.Admin; role <= OrgRole.Viewer; role++)
        {
            for (var permission = Permission.ReadWorkspaces; permission <= Permission.BeTeamMember; permission++)
            {
                allowed += PermissionMatrix.IsAllowed(role, permission, _settings) ? 1 : 0;
            }
        }

        return allowed;
    }

    private static bool HandWritten(OrgRole role, Permission permission, OrganizationSettings settings) => role switch
    {
        OrgRole.Admin => true,
        OrgRole.Member => permission switch
        {
            Permission.ReadWorkspaces or Permission.ExportDocumentation or Permission.ReviewAndComment or Permission.BeTeamMember => true,
            Permission.CreateWorkspaces => settings.MembersCanCreateWorkspaces,
            Permission.InviteColleagues => settings.MembersCanInviteColleagues,
            _ => false,
        },
        OrgRole.Viewer => permission is Permission.ReadWorkspaces or Permission.ExportDocumentation or Permission.ReviewAndComment,
        _ => false,
    };
}
