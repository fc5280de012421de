namespace InterviewBooking;

/// <summary>
/// Normalizes skills and categories into whole tokens: case-folded, with white space and separator punctuation
/// (<c>- _ . / , ; : ( ) [ ] { } ' " | \</c>) turned into single spaces and trimmed. Other symbols stay, so "C#", "C++" and "C" are
/// three tokens. Tokens are compared whole, never as substrings: "Java" does not match "JavaScript".
/// </summary>
/// <remarks>
/// "Node.js", "node-js" and " NODE  JS " are all <c>node js</c>; "NodeJS" is <c>nodejs</c>, another token unless an alias
/// (<see cref="InterviewBookingOptions.SkillAliases"/>) joins them.
/// </remarks>
public static class SkillToken
{
    /// <summary>The longest input normalized on the stack; longer input is normalized in a heap buffer.</summary>
    private const int StackLimit = 256;

    /// <summary>The normalized token, or an empty string for blank input.</summary>
    public static string Normalize(string? skill)
    {
        if (string.IsNullOrWhiteSpace(skill))
        {
            return string.Empty;
        }

        Span<char> buffer = skill.Length <= StackLimit ? stackalloc char[skill.Length] : new char[skill.Length];
        var length = Normalize(skill, buffer);
        return length == 0 ? string.Empty : new string(buffer[..length]);
    }

    /// <summary>
    /// Writes the normalized form of <paramref name="source"/> into <paramref name="destination"/> (at least as long as the source)
    /// and returns its length.
    /// </summary>
    internal static int Normalize(ReadOnlySpan<char> source, Span<char> destination)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in source)
        {
            if (IsSeparator(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[length++] = ' ';
                pendingSpace = false;
            }

            destination[length++] = char.ToLowerInvariant(c);
        }

        return length;
    }

    /// <summary>
    /// Whether <paramref name="skill"/>, once normalized, equals <paramref name="token"/> (already normalized).
    /// </summary>
    internal static bool Matches(string? skill, string token)
    {
        if (string.IsNullOrWhiteSpace(skill))
        {
            return token.Length == 0;
        }

        Span<char> buffer = skill.Length <= StackLimit ? stackalloc char[skill.Length] : new char[skill.Length];
        var length = Normalize(skill, buffer);
        return buffer[..length].SequenceEqual(token);
    }

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or '_' or '.' or '/' or ',' or ';' or ':' or '(' or ')' or '[' or ']' or '{' or '}' or '\'' or '"' or '|' or '\\';
}
