using System.Globalization;
using System.Text.Json;

namespace Vectice.Organization;

/// <summary>
/// Writes audit entries as JSON Lines (one JSON object per line, UTF-8), a format a compliance team
/// can archive and any log tool can read. The field names and shape are stable; see
/// docs/notifications.md for an example line.
/// </summary>
public static class AuditJsonLines
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>Writes every entry of <paramref name="entries"/> to <paramref name="destination"/>, one line each.</summary>
    /// <param name="entries">The entries, for example from <see cref="OrganizationDirectory.StreamAsync{T}"/>.</param>
    /// <param name="destination">Where to write; left open.</param>
    /// <param name="cancellationToken">Cancels the export between entries.</param>
    /// <returns>How many entries were written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Task<long> WriteAsync(IAsyncEnumerable<AuditEntry> entries, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(destination);
        return WriteLinesAsync(entries, destination, cancellationToken);
    }

    private static async Task<long> WriteLinesAsync(IAsyncEnumerable<AuditEntry> entries, Stream destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var written = 0L;
        var writer = new Utf8JsonWriter(destination);
        await using var _ = writer.ConfigureAwait(false);
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Write(writer, entry);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            writer.Reset();
            await destination.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            written++;
        }

        return written;
    }

    private static void Write(Utf8JsonWriter json, AuditEntry entry)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", entry.Sequence);
        json.WriteString("organization", entry.OrganizationId.Value);
        json.WriteString("at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("action", entry.Action.ToString());
        json.WriteString("actor", entry.Actor.Value);
        WriteOptional(json, "requestedBy", entry.RequestedBy?.Value);
        json.WriteString("target", entry.Target.Value);
        WriteState(json, "before", entry.Before);
        WriteState(json, "after", entry.After);
        WriteOptional(json, "pendingChange", entry.PendingChangeId?.ToString());
        WriteSettings(json, "settingsBefore", entry.SettingsBefore);
        WriteSettings(json, "settingsAfter", entry.SettingsAfter);
        if (entry.PurgedCount is { } purged)
        {
            json.WriteNumber("purgedCount", purged);
        }
        else
        {
            json.WriteNull("purgedCount");
        }

        WriteOptional(json, "purgeCutoff", entry.PurgeCutoff?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteState(Utf8JsonWriter json, string name, MembershipState? state)
    {
        if (state is not { } s)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("role", s.Role.ToString());
        json.WriteString("status", s.Status.ToString());
        json.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter json, string name, OrganizationSettings? settings)
    {
        if (settings is not { } s)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteBoolean("membersCanCreateWorkspaces", s.MembersCanCreateWorkspaces);
        json.WriteBoolean("membersCanInviteColleagues", s.MembersCanInviteColleagues);
        json.WriteString("fourEyes", s.FourEyes.ToString());
        json.WriteEndObject();
    }
}
