using System.Globalization;
using Spectre.Console;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>What the demo draws: the users list, the confirmation page, the audit trail, a refusal.</summary>
internal static class Screens
{
    public static Table Users(IEnumerable<Membership> members)
    {
        var table = new Table().Title("Organization users").AddColumns("Name", "Email", "Role", "Status");
        foreach (var member in members)
        {
            var status = member.Status == MembershipStatus.Active ? "Active" : "[grey]Deactivated[/]";
            table.AddRow(Markup.Escape(member.User.DisplayName), Markup.Escape(member.User.Email), member.Role.ToString(), status);
        }

        return table;
    }

    public static Panel Confirmation(PendingChange pending, DateTimeOffset now)
    {
        var what = pending.Kind switch
        {
            ChangeKind.Deactivate => "Deactivate",
            ChangeKind.Reactivate => "Reactivate",
            _ => $"Change role to {pending.To.Role}",
        };
        var minutes = (int)Math.Ceiling((pending.ExpiresAt - now).TotalMinutes);
        var body = new Grid().AddColumn().AddColumn()
            .AddRow("[bold]User[/]", Markup.Escape(DemoOrganization.NameOf(pending.Target)))
            .AddRow("[bold]From[/]", pending.From.ToString())
            .AddRow("[bold]To[/]", pending.To.ToString())
            .AddRow("[bold]Requested by[/]", $"{Markup.Escape(DemoOrganization.NameOf(pending.RequestedBy))} at {Time(pending.RequestedAt)}")
            .AddRow("[bold]Expires[/]", $"{Time(pending.ExpiresAt)} (in {minutes} minutes)")
            .AddRow(string.Empty, "[grey]Nothing is saved until you confirm.[/]");
        return new Panel(body).Header($"Confirm: {what}").Border(BoxBorder.Rounded);
    }

    public static Table Audit(IEnumerable<AuditEntry> entries)
    {
        var table = new Table().Title("Audit trail").AddColumns("#", "UTC", "Action", "By", "User", "Change");
        foreach (var entry in entries)
        {
            table.AddRow(
                entry.Sequence.ToString(CultureInfo.InvariantCulture),
                entry.At.ToString("HH:mm", CultureInfo.InvariantCulture),
                entry.Action.ToString(),
                Markup.Escape(DemoOrganization.NameOf(entry.Actor)),
                Markup.Escape(DemoOrganization.NameOf(entry.Target)),
                Change(entry));
        }

        return table;
    }

    private static string Change(AuditEntry entry) => entry switch
    {
        { SettingsBefore: { } before, SettingsAfter: { } after } => $"four-eyes {before.FourEyes} -> {after.FourEyes}",
        { Before: null } => entry.After.ToString(),
        { Before: { } b } when b.Status != entry.After.Status => $"{b.Status} -> {entry.After.Status}",
        { Before: { } b } => $"{b.Role} -> {entry.After.Role}",
    };

    public static string Refused(Refusal refusal) => $"[red]Refused ({refusal.Code}):[/] {Markup.Escape(refusal.Reason)}";

    public static string Time(DateTimeOffset at) => at.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
