namespace InterviewBooking;

/// <summary>A request, or a price asked for, that cannot be served: the message says which field and which value.</summary>
public sealed class InvalidInterviewRequestException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public InvalidInterviewRequestException() { }

    /// <summary>Creates the error with a message.</summary>
    public InvalidInterviewRequestException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InvalidInterviewRequestException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a field.</summary>
    /// <param name="field">The request field (e.g. <c>PlanId</c>).</param>
    /// <param name="value">The value given, as text.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidInterviewRequestException(string field, string? value, string problem)
        : base($"Invalid interview request: {field} {problem} (got {(value is null ? "null" : "\"" + value + "\"")}).")
    {
        Field = field;
        Value = value;
    }

    /// <summary>The field at fault.</summary>
    public string? Field { get; }

    /// <summary>The value given.</summary>
    public string? Value { get; }
}
