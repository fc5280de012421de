namespace InterviewBooking;

/// <summary>Rules shared by every strong id.</summary>
public static class IdText
{
    /// <summary>The longest id text accepted (fits payment-provider reference fields).</summary>
    public const int MaxLength = 200;

    internal static string Validate(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"An id must be at most {MaxLength} characters; got {value.Length}.", paramName);
        }

        return value;
    }
}
