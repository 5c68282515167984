namespace Vectice.Organization;

/// <summary>A stable code for each kind of <see cref="Refusal"/>, for logs, metrics and switches.</summary>
public enum RefusalCode
{
    /// <summary>See <see cref="OrganizationNotFound"/>.</summary>
    OrganizationNotFound = 1,

    /// <summary>See <see cref="OrganizationAlreadyExists"/>.</summary>
    OrganizationAlreadyExists,

    /// <summary>See <see cref="NotAnActiveAdmin"/>.</summary>
    NotAnActiveAdmin,

    /// <summary>See <see cref="NotPermitted"/>.</summary>
    NotPermitted,

    /// <summary>See <see cref="NotAnActiveMember"/>.</summary>
    NotAnActiveMember,

    /// <summary>See <see cref="MemberNotFound"/>.</summary>
    MemberNotFound,

    /// <summary>See <see cref="MemberAlreadyExists"/>.</summary>
    MemberAlreadyExists,

    /// <summary>See <see cref="NoChange"/>.</summary>
    NoChange,

    /// <summary>See <see cref="TargetDeactivated"/>.</summary>
    TargetDeactivated,

    /// <summary>See <see cref="LastActiveAdmin"/>.</summary>
    LastActiveAdmin,

    /// <summary>See <see cref="PendingChangeNotFound"/>.</summary>
    PendingChangeNotFound,

    /// <summary>See <see cref="PendingChangeClosed"/>.</summary>
    PendingChangeClosed,

    /// <summary>See <see cref="PendingChangeExpired"/>.</summary>
    PendingChangeExpired,

    /// <summary>See <see cref="ConfirmerNotAllowed"/>.</summary>
    ConfirmerNotAllowed,

    /// <summary>See <see cref="StaleChange"/>.</summary>
    StaleChange,

    /// <summary>See <see cref="ConcurrencyConflict"/>.</summary>
    ConcurrencyConflict,

    /// <summary>See <see cref="FourEyesRequired"/>.</summary>
    FourEyesRequired,

    /// <summary>See <see cref="TooFewAdmins"/>.</summary>
    TooFewAdmins,

    /// <summary>See <see cref="BulkChangeRefused"/>.</summary>
    BulkChangeRefused,

    /// <summary>See <see cref="ConfirmationNotNeeded"/>.</summary>
    ConfirmationNotNeeded,
}
