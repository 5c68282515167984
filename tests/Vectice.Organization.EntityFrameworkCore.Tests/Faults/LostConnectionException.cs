using System.Data.Common;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>A provider error as a lost connection raises it: transient, and silent on whether COMMIT reached the server.</summary>
public sealed class LostConnectionException() : DbException("The connection was lost (injected).")
{
    public override bool IsTransient => true;
}
