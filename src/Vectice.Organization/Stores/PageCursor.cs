using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Vectice.Organization.Stores;

/// <summary>
/// Where the next page of a list starts: an opaque token that a page gives (<see cref="Page{T}.Next"/>)
/// and the caller passes back (<see cref="PageQuery{T}.After"/>), unchanged, to read on. Every list is
/// keyset-paged on it, so page 2,000 costs what page 1 costs.
/// </summary>
/// <remarks>
/// Keep it as text (<see cref="ToString"/>) in a link or a checkpoint and read it back with
/// <see cref="Parse"/> or <see cref="TryParse"/>: text that no list wrote, and a cursor of another list,
/// are refused with an <see cref="ArgumentException"/>. It names a position, not a right: every read
/// through the services checks the reader's right again. Opaque means its form may change, not that it
/// is secret: it encodes the last item's key (a user id, a pending change's id, an audit sequence), which
/// anyone can decode, so a host that keeps ids out of its addresses keeps cursors out too.
/// </remarks>
public sealed class PageCursor : IEquatable<PageCursor>
{
    private const char Separator = ':';

    private readonly string _token;

    private PageCursor(char list, string key, string token)
    {
        List = list;
        Key = key;
        _token = token;
    }

    /// <summary>The list the cursor belongs to (one letter per list, see <see cref="PageQuery{T}"/>).</summary>
    internal char List { get; }

    /// <summary>The key of the last item read, in the list's own text form.</summary>
    internal string Key { get; }

    /// <summary>Reads a cursor from its text.</summary>
    /// <param name="token">The text of a cursor (<see cref="ToString"/>).</param>
    /// <returns>The cursor.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is not a cursor any list wrote.</exception>
    public static PageCursor Parse(string token) =>
        TryParse(token, out var cursor)
            ? cursor
            : throw new ArgumentException("This is not a page cursor: pass back, unchanged, the Next cursor of a page.", nameof(token));

    /// <summary>Reads a cursor from text that may not be one, such as a query-string value: no exception to catch.</summary>
    /// <param name="token">The text.</param>
    /// <param name="cursor">The cursor, or <see langword="null"/> when <paramref name="token"/> is not one.</param>
    /// <returns>Whether <paramref name="token"/> is a cursor.</returns>
    public static bool TryParse([NotNullWhen(true)] string? token, [NotNullWhen(true)] out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        // Base64Url skips white space: only the one text a list writes for its bytes is a cursor.
        var bytes = Base64Url.DecodeFromChars(token);
        if (!string.Equals(Base64Url.EncodeToString(bytes), token, StringComparison.Ordinal))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (ArgumentException)
        {
            return false; // Bytes that are not UTF-8.
        }

        if (text.Length < 3 || text[1] != Separator || !IsKey(text[0], text[2..]) )
        {
            return false;
        }

        cursor = new PageCursor(text[0], text[2..], token);
        return true;
    }

    /// <summary>The cursor's text, to pass back through <see cref="Parse"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _token;

    /// <inheritdoc />
    public bool Equals(PageCursor? other) => other is not null && _token == other._token;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PageCursor);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_token);

    /// <summary>A cursor of <paramref name="list"/> after <paramref name="key"/>, which the list has checked.</summary>
    internal static PageCursor Create(char list, string key) => new(list, key, Encode(list, key));

    // The longest key is a user id (128 UTF-16 units, up to 3 UTF-8 bytes each), plus the list letter and separator.
    private static int MaxTokenLength => Base64Url.GetEncodedLength(2 + (UserId.MaxLength * 3));

    private static string Encode(char list, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{list}{Separator}{key}"));

    private static bool IsKey(char list, string key) => list switch
    {
        MemberQuery.Letter => UserId.TryParse(key, out _),
        PendingChangeQuery.Letter => Guid.TryParseExact(key, "N", out _),
        AuditQuery.Letter => long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0,
        _ => false,
    };
}
