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

    public static TEnum Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{value} is not a defined {typeof(TEnum).Name}.");
        }

        return value;
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
