namespace InterviewBooking;

/// <summary>
/// Normalizes skills and categories into whole tokens: trimmed, case-folded, inner white space collapsed.
/// Tokens are compared whole, never as substrings: "Java" does not match "JavaScript".
/// </summary>
public static class SkillToken
{
    /// <summary>The normalized token, or an empty string for blank input.</summary>
    public static string Normalize(string? skill)
    {
        if (string.IsNullOrWhiteSpace(skill))
        {
            return string.Empty;
        }

        var span = skill.AsSpan().Trim();
        Span<char> buffer = span.Length <= 256 ? stackalloc char[span.Length] : new char[span.Length];
        var length = 0;
        var lastWasSpace = false;
        foreach (var c in span)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    buffer[length++] = ' ';
                }

                lastWasSpace = true;
                continue;
            }

            buffer[length++] = char.ToLowerInvariant(c);
            lastWasSpace = false;
        }

        return new string(buffer[..length]);
    }

    /// <summary>
    /// Whether <paramref name="skill"/>, once normalized, equals <paramref name="token"/> (already normalized),
    /// without allocating: the same rules as <see cref="Normalize"/>, applied while comparing.
    /// </summary>
    internal static bool Matches(string? skill, string token)
    {
        if (string.IsNullOrWhiteSpace(skill))
        {
            return token.Length == 0;
        }

        var span = skill.AsSpan().Trim();
        var position = 0;
        var lastWasSpace = false;
        foreach (var c in span)
        {
            char normalized;
            if (char.IsWhiteSpace(c))
            {
                if (lastWasSpace)
                {
                    continue;
                }

                normalized = ' ';
                lastWasSpace = true;
            }
            else
            {
                normalized = char.ToLowerInvariant(c);
                lastWasSpace = false;
            }

            if (position >= token.Length || token[position] != normalized)
            {
                return false;
            }

            position++;
        }

        return position == token.Length;
    }
}
