using System.Text.RegularExpressions;

namespace InterviewBooking.PostgreSql;

/// <summary>The one place a schema name becomes SQL text: checked against a strict pattern, then double-quoted.</summary>
internal static partial class SchemaName
{
    /// <summary>Why <paramref name="schema"/> is not usable, or <see langword="null"/> when it is.</summary>
    public static string? Check(string? schema) =>
        schema is null || !Pattern().IsMatch(schema) || schema.StartsWith("pg_", StringComparison.Ordinal)
            ? $"Schema must be 1 to 63 lower-case letters, digits or underscores, start with a letter or underscore and not with \"pg_\"; got \"{schema}\"."
            : null;

    /// <summary>The quoted identifier for SQL text.</summary>
    /// <exception cref="ArgumentException">The name is not usable.</exception>
    public static string Quote(string? schema, string paramName)
    {
        if (Check(schema) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }

        return "\"" + schema + "\"";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
