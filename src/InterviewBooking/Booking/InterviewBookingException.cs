namespace InterviewBooking;

/// <summary>The base of the library's own errors.</summary>
public class InterviewBookingException : Exception
{
    /// <summary>Creates the error.</summary>
    public InterviewBookingException() { }

    /// <summary>Creates the error with a message.</summary>
    public InterviewBookingException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InterviewBookingException(string message, Exception innerException) : base(message, innerException) { }
}
