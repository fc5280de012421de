namespace InterviewBooking;

/// <summary>A status change that <see cref="PaymentSessionStateMachine"/> does not allow; nothing was written.</summary>
public sealed class InvalidPaymentSessionTransitionException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public InvalidPaymentSessionTransitionException() { }

    /// <summary>Creates the error with a message.</summary>
    public InvalidPaymentSessionTransitionException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InvalidPaymentSessionTransitionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a session and the refused change.</summary>
    public InvalidPaymentSessionTransitionException(PaymentSessionId sessionId, PaymentSessionStatus from, PaymentSessionStatus to)
        : base($"Payment session '{sessionId}' cannot go from {from} to {to}.")
    {
        SessionId = sessionId;
        From = from;
        To = to;
    }

    /// <summary>The session.</summary>
    public PaymentSessionId SessionId { get; }

    /// <summary>The status it was in.</summary>
    public PaymentSessionStatus From { get; }

    /// <summary>The status refused.</summary>
    public PaymentSessionStatus To { get; }
}
