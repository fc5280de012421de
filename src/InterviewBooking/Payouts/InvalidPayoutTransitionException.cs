namespace InterviewBooking;

/// <summary>A payout status change that <see cref="PayoutStateMachine"/> does not allow; nothing was written.</summary>
public sealed class InvalidPayoutTransitionException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public InvalidPayoutTransitionException() { }

    /// <summary>Creates the error with a message.</summary>
    public InvalidPayoutTransitionException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InvalidPayoutTransitionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for one change.</summary>
    /// <param name="interviewId">The payout's interview.</param>
    /// <param name="from">The status it was in.</param>
    /// <param name="to">The status asked for.</param>
    public InvalidPayoutTransitionException(InterviewId interviewId, PayoutStatus from, PayoutStatus to)
        : base($"The payout of interview '{interviewId}' cannot go from {from} to {to}.")
    {
        InterviewId = interviewId;
        From = from;
        To = to;
    }

    /// <summary>The payout's interview.</summary>
    public InterviewId InterviewId { get; }

    /// <summary>The status it was in.</summary>
    public PayoutStatus From { get; }

    /// <summary>The status asked for.</summary>
    public PayoutStatus To { get; }
}
