namespace Vectice.Organization.Internal;

/// <summary>Argument checks for the public entry points, each naming the caller's parameter.</summary>
internal static class Guard
{
    public static void NotDefault(OrganizationId value, string paramName)
    {
        if (value.IsDefault)
        {
            throw new ArgumentException($"The {nameof(OrganizationId)} must not be the default value.", paramName);
        }
    }

    public static void NotDefault(UserId value, string paramName)
    {
        if (value.IsDefault)
        {
            throw new ArgumentException($"The {nameof(UserId)} must not be the default value.", paramName);
        }
    }

    public static void NotDefault(PendingChangeId value, string paramName)
    {
        if (value.IsDefault)
        {
            throw new ArgumentException($"The {nameof(PendingChangeId)} must not be the default value.", paramName);
        }
    }

    // The records the in-memory store keeps for ever hold their optional values in plain fields, the
    // default standing for none; a default given as a value would read back as none, so it is refused.
    public static T Optional<T>(T? value, string paramName)
        where T : struct, IEquatable<T>
    {
        if (value is { } given && given.Equals(default))
        {
            throw new ArgumentException($"default({typeof(T).Name}) is not a value here; give null for none.", paramName);
        }

        return value.GetValueOrDefault();
    }

    public static DateTimeOffset Optional(DateTimeOffset? value, string paramName)
    {
        if (value == default(DateTimeOffset))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"default({nameof(DateTimeOffset)}) is not a time; give null for none.");
        }

        return value.GetValueOrDefault();
    }

    public static TEnum? DefinedOrNull<TEnum>(TEnum? value, string paramName)
        where TEnum : struct, Enum => value is { } given ? Defined(given, paramName) : null;

    public static UserId? NotDefaultOrNull(UserId? value, string paramName)
    {
        if (value is { } given)
        {
            NotDefault(given, paramName);
        }

        return value;
    }

    public static TEnum Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{value} is not a defined {typeof(TEnum).Name}.");
        }

        return value;
    }

    /// <summary>A non-empty list of distinct, non-default user ids, no longer than <paramref name="max"/>.</summary>
    /// <remarks>
    /// The caller's collection is enumerated once (one item past the limit at most), and the copy is what
    /// is checked and used: a collection whose Count disagrees with its items, or whose items change
    /// between two reads, cannot slip a longer list, a duplicate or a default id past the checks.
    /// </remarks>
    public static UserId[] Targets(IReadOnlyCollection<UserId>? targets, int max, string paramName)
    {
        ArgumentNullException.ThrowIfNull(targets, paramName);
        var copy = ReadOnce(targets, max);
        if (copy.Length == 0 || copy.Length > max)
        {
            throw new ArgumentException($"A bulk change moves 1 to {max} members; this one has {(copy.Length == 0 ? "none" : "more")}.", paramName);
        }

        var distinct = new HashSet<UserId>();
        foreach (var target in copy)
        {
            if (target.IsDefault)
            {
                throw new ArgumentException($"The list holds a default {nameof(UserId)}.", paramName);
            }

            if (!distinct.Add(target))
            {
                throw new ArgumentException($"User '{target}' is listed more than once.", paramName);
            }
        }

        return copy;
    }

    /// <summary>The founder and up to <paramref name="max"/> co-founders, with distinct ids.</summary>
    /// <remarks>The co-founders are read once, as <see cref="Targets"/> reads its list.</remarks>
    public static User[] Founders(User founder, IReadOnlyCollection<User> coFounders, int max, string paramName)
    {
        User[] founders = [founder, .. ReadOnce(coFounders, max)];
        if (founders.Length > max + 1)
        {
            throw new ArgumentException($"An organization has at most {max} co-founders; this one has more.", paramName);
        }

        var distinct = new HashSet<UserId>();
        foreach (var coFounder in founders)
        {
            if (coFounder is null)
            {
                throw new ArgumentException("The list holds a null user.", paramName);
            }

            if (!distinct.Add(coFounder.Id))
            {
                throw new ArgumentException($"User '{coFounder.Id}' is a founder more than once.", paramName);
            }
        }

        return founders;
    }

    // Enumerates the caller's collection once, stopping one item past max: its Count, and its indexer if
    // it is a list, are not trusted, so what is checked is what it gave.
    private static T[] ReadOnce<T>(IEnumerable<T> items, int max)
    {
        var copy = new List<T>();
        foreach (var item in items)
        {
            copy.Add(item);
            if (copy.Count > max)
            {
                break;
            }
        }

        return [.. copy];
    }

    public static int Limit(int value, int max, string paramName)
    {
        if (value < 1 || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"The page size must be between 1 and {max}.");
        }

        return value;
    }
}
