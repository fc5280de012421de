namespace InterviewBooking;

/// <summary>What <see cref="PaymentEventProcessor"/> did with an event, and what the webhook endpoint should answer.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Session">The session as it is now, when known.</param>
/// <param name="Detail">A sentence for logs.</param>
public sealed record PaymentEventResult(PaymentEventOutcome Outcome, PaymentSession? Session, string Detail)
{
    /// <summary>The booking, when the event led to one (or found one made before).</summary>
    public BookingResult? Booking { get; init; }

    /// <summary>
    /// Whether the provider should deliver the event again later (a non-2xx answer to a webhook):
    /// the session is not known yet, or another worker is booking it right now.
    /// </summary>
    public bool ShouldRetry => Outcome is PaymentEventOutcome.SessionNotFound or PaymentEventOutcome.InProgress;
}

/// <summary>The outcomes of processing a payment event.</summary>
public enum PaymentEventOutcome
{
    /// <summary>The payment was confirmed and the interview booked (or it had been booked already).</summary>
    Booked = 0,

    /// <summary>An asynchronous payment is processing; the booking waits for its success event.</summary>
    AwaitingPayment = 1,

    /// <summary>The checkout expired or the payment failed; the hold was released.</summary>
    Released = 2,

    /// <summary>Paid but not bookable (slot lost, wrong amount, broken match data); flagged for refund with the reason.</summary>
    RefundRequired = 3,

    /// <summary>The event changes nothing (it came late or twice; the session has moved on).</summary>
    Ignored = 4,

    /// <summary>No such session (yet): deliver again later.</summary>
    SessionNotFound = 5,

    /// <summary>Another worker is booking the session right now: deliver again later.</summary>
    InProgress = 6,

    /// <summary>A dispute of the session's charge was recorded and applied to its payout (<see cref="DisputeService"/>).</summary>
    DisputeRecorded = 7,
}
