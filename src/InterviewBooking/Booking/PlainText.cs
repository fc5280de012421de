using System.Globalization;
using System.Text;

namespace InterviewBooking;

/// <summary>
/// Text a store can keep and a mail header can carry: no control characters (NUL, CR and LF among them), no line or paragraph separators,
/// no lone surrogates. Checked on what enters the library from outside: requests, and the interviewer profiles a directory is given.
/// </summary>
internal static class PlainText
{
    /// <summary>What is wrong with <paramref name="value"/> (naming the character and its position), or <see langword="null"/> when nothing is.</summary>
    public static string? Problem(string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            var problem = char.IsSurrogate(c) ? "contains a lone surrogate" : IsBreaking(c) ? "contains a control character or line break" : null;
            if (problem is not null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{problem} (U+{(int)c:X4} at position {i})");
            }
        }

        return null;
    }

    /// <summary><paramref name="value"/> with every character <see cref="Problem"/> refuses written as <c>\uXXXX</c>, safe to quote in a message or log.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsSurrogate(c) || IsBreaking(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static bool IsBreaking(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
