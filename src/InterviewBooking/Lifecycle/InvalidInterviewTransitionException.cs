namespace InterviewBooking;

/// <summary>A lifecycle change that <see cref="InterviewStateMachine"/> does not allow; nothing was written.</summary>
public sealed class InvalidInterviewTransitionException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public InvalidInterviewTransitionException() { }

    /// <summary>Creates the error with a message.</summary>
    public InvalidInterviewTransitionException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InvalidInterviewTransitionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for an interview and the refused change.</summary>
    public InvalidInterviewTransitionException(InterviewId interviewId, InterviewStatus from, InterviewStatus to)
        : base($"Interview '{interviewId}' cannot go from {from} to {to}.")
    {
        InterviewId = interviewId;
        From = from;
        To = to;
    }

    /// <summary>The interview.</summary>
    public InterviewId InterviewId { get; }

    /// <summary>The status it was in.</summary>
    public InterviewStatus From { get; }

    /// <summary>The status refused.</summary>
    public InterviewStatus To { get; }
}
