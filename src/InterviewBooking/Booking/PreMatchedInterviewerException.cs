namespace InterviewBooking;

/// <summary>
/// "No pre-matched interviewer found": a paid session's match snapshot is missing or inconsistent, so it cannot be booked.
/// Auto-booking never falls back to matching again; nothing is scheduled.
/// </summary>
public sealed class PreMatchedInterviewerException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public PreMatchedInterviewerException() { }

    /// <summary>Creates the error with a message.</summary>
    public PreMatchedInterviewerException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public PreMatchedInterviewerException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a session and the field at fault.</summary>
    /// <param name="sessionId">The payment session.</param>
    /// <param name="field">The field that is missing or inconsistent (its seed name, e.g. <c>interviewer_id</c>).</param>
    /// <param name="problem">What is wrong with it.</param>
    public PreMatchedInterviewerException(PaymentSessionId sessionId, string field, string problem)
        : base($"No pre-matched interviewer found for payment session '{sessionId}': {field} {problem}.")
    {
        SessionId = sessionId;
        Field = field;
    }

    /// <summary>The payment session.</summary>
    public PaymentSessionId SessionId { get; }

    /// <summary>The field that is missing or inconsistent.</summary>
    public string? Field { get; }
}
