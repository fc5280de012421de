namespace InterviewBooking;

/// <summary>One entry of a payment session's audit trail: a status it entered, when, why, and because of which provider event.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="From">The status it left; <see langword="null"/> for the entry that records its creation.</param>
/// <param name="To">The status it entered.</param>
/// <param name="At">When.</param>
/// <param name="Version">The session's <see cref="PaymentSession.Version"/> after the change; orders the trail.</param>
/// <param name="Reason">Why, when the change said (<see cref="PaymentSessionTransition.Reason"/>).</param>
/// <param name="EventId">The payment provider event behind it, if any (<see cref="PaymentSessionTransition.EventId"/>).</param>
public sealed record PaymentSessionStatusChange(
    PaymentSessionId SessionId,
    PaymentSessionStatus? From,
    PaymentSessionStatus To,
    Instant At,
    long Version,
    string? Reason,
    string? EventId);
