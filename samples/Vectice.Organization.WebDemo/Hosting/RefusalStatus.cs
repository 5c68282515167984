namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>The HTTP status a page answers with when the SDK refuses; the SDK's wording goes in the body.</summary>
internal static class RefusalStatus
{
    public static int Of(Refusal refusal) => refusal.Code switch
    {
        RefusalCode.NotAnActiveAdmin or RefusalCode.NotAnActiveMember or RefusalCode.NotPermitted
            or RefusalCode.ConfirmerNotAllowed or RefusalCode.FourEyesRequired => StatusCodes.Status403Forbidden,
        RefusalCode.OrganizationNotFound or RefusalCode.MemberNotFound or RefusalCode.PendingChangeNotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };
}
