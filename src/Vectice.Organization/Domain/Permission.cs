using System.Diagnostics.CodeAnalysis;

namespace Vectice.Organization;

/// <summary>What a member may do, one value per row of Vectice's "User roles and permissions".</summary>
[SuppressMessage("Naming", "CA1711", Justification = "Named after Vectice's permissions; not a code-access-security permission.")]
public enum Permission
{
    /// <summary>Read workspaces.</summary>
    ReadWorkspaces = 0,

    /// <summary>Export documentation.</summary>
    ExportDocumentation,

    /// <summary>Review and comment.</summary>
    ReviewAndComment,

    /// <summary>Create workspaces.</summary>
    CreateWorkspaces,

    /// <summary>Invite colleagues into the organization.</summary>
    InviteColleagues,

    /// <summary>Delete workspaces.</summary>
    DeleteWorkspaces,

    /// <summary>Manage the organization's settings.</summary>
    ManageOrganizationSettings,

    /// <summary>Manage users: change roles, activate and deactivate, reset passwords.</summary>
    ManageUsers,

    /// <summary>Manage pending invites.</summary>
    ManageInvites,

    /// <summary>Manage report templates.</summary>
    ManageReportTemplates,

    /// <summary>Manage teams.</summary>
    ManageTeams,

    /// <summary>Be a member of a team.</summary>
    BeTeamMember,
}
