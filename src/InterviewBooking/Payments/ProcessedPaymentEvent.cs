namespace InterviewBooking;

/// <summary>A payment provider event that was processed, as <see cref="IPaymentEventInbox"/> keeps it.</summary>
/// <param name="EventId">The provider's event id.</param>
/// <param name="EventType">The provider's event type (e.g. <c>checkout.session.completed</c>).</param>
/// <param name="SessionId">The payment session it concerned, when known.</param>
/// <param name="Outcome">What processing it did.</param>
/// <param name="ProcessedAt">When it was processed.</param>
public sealed record ProcessedPaymentEvent(string EventId, string EventType, PaymentSessionId? SessionId, PaymentEventOutcome Outcome, Instant ProcessedAt);
