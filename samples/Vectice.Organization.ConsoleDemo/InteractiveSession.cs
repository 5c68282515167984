using Spectre.Console;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>
/// The admin flow of Vectice's documentation at a terminal: choose who you are, open the users
/// list, pick a user, open its menu, "Change role to", see the confirmation, Confirm or Cancel.
/// </summary>
internal sealed class InteractiveSession(DemoOrganization demo, IAnsiConsole console)
{
    private const string AuditTrail = "View the audit trail";
    private const string SwitchUser = "Switch user";
    private const string Quit = "Quit";
    private const string Back = "Back";
    private const string Confirm = "Confirm";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        console.Write(new Rule("[bold]Vectice.Organization[/] demo: Acme Corp").LeftJustified());
        try
        {
            while (await ChooseActorAsync(cancellationToken) is { } actor && await ActAsAsync(actor, cancellationToken))
            {
            }
        }
        catch (EndOfInputException)
        {
            // Input closed (Ctrl+D, a closed pipe): leave as if Quit was chosen.
        }

        console.MarkupLine("[grey]Bye.[/]");
    }

    private async Task<UserId?> ChooseActorAsync(CancellationToken cancellationToken)
    {
        var members = (await demo.Directory.ListMembersAsync(DemoOrganization.Ada, demo.Id, cancellationToken: cancellationToken)).GetValueOrThrow().Items;
        var choices = members.Select(m => $"{m.User.DisplayName} ({m.Role}{(m.Status == MembershipStatus.Active ? string.Empty : ", deactivated")})").Append(Quit).ToList();
        var choice = await AskAsync("Who are you?", choices, cancellationToken);
        return choice == Quit ? null : members[choices.IndexOf(choice)].UserId;
    }

    /// <summary>Works as <paramref name="actor"/> until they switch user (true) or quit (false).</summary>
    private async Task<bool> ActAsAsync(UserId actor, CancellationToken cancellationToken)
    {
        while (true)
        {
            var listed = await demo.Directory.ListMembersAsync(actor, demo.Id, cancellationToken: cancellationToken);
            if (!listed.TryGetValue(out var page, out var refusal))
            {
                console.MarkupLine(Screens.Refused(refusal));
                return true;
            }

            console.Write(Screens.Users(page.Items));
            var names = page.Items.Select(m => m.User.DisplayName).ToList();
            var choice = await AskAsync($"[bold]{Markup.Escape(DemoOrganization.NameOf(actor))}[/]: pick a user, or", [.. names, AuditTrail, SwitchUser, Quit], cancellationToken);
            switch (choice)
            {
                case Quit:
                    return false;
                case SwitchUser:
                    return true;
                case AuditTrail:
                    await ShowAuditAsync(actor, cancellationToken);
                    break;
                default:
                    await UserMenuAsync(actor, page.Items[names.IndexOf(choice)], cancellationToken);
                    break;
            }
        }
    }

    private async Task UserMenuAsync(UserId actor, Membership target, CancellationToken cancellationToken)
    {
        var options = Enum.GetValues<OrgRole>().Where(r => r != target.Role).Select(r => $"Change role to {r}").ToList();
        options.Add(target.Status == MembershipStatus.Active ? "Deactivate" : "Reactivate");
        options.Add(Back);
        var choice = await AskAsync($"{Markup.Escape(target.User.DisplayName)} ({target.Role}, {target.Status})", options, cancellationToken);
        var requested = choice switch
        {
            Back => null,
            "Deactivate" => await demo.RoleChanges.RequestDeactivationAsync(actor, demo.Id, target.UserId, cancellationToken),
            "Reactivate" => await demo.RoleChanges.RequestReactivationAsync(actor, demo.Id, target.UserId, cancellationToken),
            _ => await demo.RoleChanges.RequestAsync(actor, demo.Id, target.UserId, Enum.Parse<OrgRole>(choice["Change role to ".Length..]), cancellationToken),
        };
        if (requested is null)
        {
            return;
        }

        if (!requested.TryGetValue(out var pending, out var refusal))
        {
            console.MarkupLine(Screens.Refused(refusal));
            return;
        }

        console.Write(Screens.Confirmation(pending, demo.Clock.GetUtcNow()));
        if (await AskAsync("Save this change?", [Confirm, "Cancel"], cancellationToken) == Confirm)
        {
            var confirmed = await demo.RoleChanges.ConfirmAsync(actor, pending.Id, cancellationToken);
            console.MarkupLine(confirmed.TryGetValue(out var applied, out refusal)
                ? $"[green]Saved:[/] {Markup.Escape(target.User.DisplayName)} is now {applied.Membership.State}."
                : Screens.Refused(refusal));
        }
        else
        {
            var cancelled = await demo.RoleChanges.CancelAsync(actor, pending.Id, cancellationToken);
            console.MarkupLine(cancelled.IsSuccess ? "[grey]Cancelled: nothing changed.[/]" : Screens.Refused(cancelled.Refusal!));
        }
    }

    private async Task ShowAuditAsync(UserId actor, CancellationToken cancellationToken)
    {
        var audit = await demo.Directory.ListAuditEntriesAsync(actor, demo.Id, cancellationToken: cancellationToken);
        if (audit.TryGetValue(out var page, out var refusal))
        {
            console.Write(Screens.Audit(page.Items));
        }
        else
        {
            console.MarkupLine(Screens.Refused(refusal));
        }
    }

    private async Task<string> AskAsync(string title, IEnumerable<string> choices, CancellationToken cancellationToken)
    {
        var prompt = new SelectionPrompt<string>().Title(title).PageSize(12).AddChoices(choices);
        try
        {
            return await prompt.ShowAsync(console, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // What a console says when there is no input left to read.
            throw new EndOfInputException(e);
        }
    }

    private sealed class EndOfInputException(Exception inner) : Exception("No input left.", inner);
}
