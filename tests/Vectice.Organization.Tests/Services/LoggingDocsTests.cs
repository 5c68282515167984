using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// docs/logging.md's table of events is the code's: every <c>[LoggerMessage]</c> of <c>Log</c> has its row
/// with the same id, name, level and message (a <c>{…}</c> in the docs stands for one placeholder), and
/// no row names an event the code does not log.
/// </summary>
public sealed class LoggingDocsTests
{
    [Fact]
    public void The_docs_list_every_log_event_with_its_id_name_level_and_message()
    {
        var events = typeof(Log).GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToDictionary(a => a.EventId);
        var rows = Rows().ToDictionary(r => r.Id);

        Assert.True(events.Count >= 15, $"Only {events.Count} [LoggerMessage] methods found on Log.");
        Assert.Equal(events.Keys.Order(), rows.Keys.Order());
        Assert.All(events.Values, e =>
        {
            var row = rows[e.EventId];
            Assert.Equal((e.EventId, e.EventName, e.Level.ToString()), (row.Id, row.Name, row.Level));
            Assert.Matches(MessagePattern(row.Message), e.Message);
        });
    }

    // The docs' message, exact except that each {…} stands for one {Placeholder}.
    private static string MessagePattern(string message) => "^" + Regex.Escape(message).Replace(@"\{…}", @"\{\w+}", StringComparison.Ordinal) + "$";

    private static IEnumerable<(int Id, string Name, string Level, string Message)> Rows() =>
        File.ReadAllLines(RepositoryFiles.Path("docs/logging.md"))
            .SkipWhile(l => !l.StartsWith("| Id |", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .Select(c => (int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture), c[1], c[2], c[3]));
}
