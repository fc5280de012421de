namespace InterviewBooking;

/// <summary>A payment session with the same id is already stored; nothing was written.</summary>
public sealed class DuplicatePaymentSessionException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public DuplicatePaymentSessionException() { }

    /// <summary>Creates the error with a message.</summary>
    public DuplicatePaymentSessionException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public DuplicatePaymentSessionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a session id.</summary>
    public DuplicatePaymentSessionException(PaymentSessionId sessionId)
        : base($"Payment session '{sessionId}' already exists.") => SessionId = sessionId;

    /// <summary>The session id.</summary>
    public PaymentSessionId SessionId { get; }
}
