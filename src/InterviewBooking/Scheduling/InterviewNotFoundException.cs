namespace InterviewBooking;

/// <summary>The scheduler has no interview with that id (booked before a durable interview store was in use, say).</summary>
public sealed class InterviewNotFoundException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public InterviewNotFoundException() { }

    /// <summary>Creates the error with a message.</summary>
    public InterviewNotFoundException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InterviewNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for an interview id.</summary>
    public InterviewNotFoundException(InterviewId interviewId)
        : base($"No interview '{interviewId}'.") => InterviewId = interviewId;

    /// <summary>The interview asked for.</summary>
    public InterviewId InterviewId { get; }
}
