namespace InterviewBooking;

/// <summary>What <see cref="AutoBookingService.BookAsync"/> did.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Session">The session as it is now; <see langword="null"/> only for <see cref="BookingOutcome.SessionNotFound"/>.</param>
public sealed record BookingResult(BookingOutcome Outcome, PaymentSession? Session)
{
    /// <summary>The interview, for <see cref="BookingOutcome.Booked"/> and <see cref="BookingOutcome.AlreadyBooked"/>.</summary>
    public InterviewId? InterviewId { get; init; }

    /// <summary>The booked interviewer: always the pre-matched one.</summary>
    public InterviewerId? InterviewerId { get; init; }

    /// <summary>Why, for outcomes other than a booking.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the session is booked (now or before).</summary>
    public bool IsBooked => Outcome is BookingOutcome.Booked or BookingOutcome.AlreadyBooked;
}

/// <summary>The outcomes of an auto-booking a caller must expect.</summary>
public enum BookingOutcome
{
    /// <summary>Booked by this call.</summary>
    Booked = 0,

    /// <summary>Booked before; the same booking is returned, nothing new was scheduled.</summary>
    AlreadyBooked = 1,

    /// <summary>The session is not paid (yet); nothing was done.</summary>
    NotPaid = 2,

    /// <summary>The reserved slot was taken by someone else; the session is <see cref="PaymentSessionStatus.RefundRequired"/>. No other interviewer was booked.</summary>
    ReservationLost = 3,

    /// <summary>The session was flagged for refund before (see <see cref="PaymentSession.StatusReason"/>).</summary>
    RefundRequired = 4,

    /// <summary>Another worker is booking it right now.</summary>
    InProgress = 5,

    /// <summary>No such session.</summary>
    SessionNotFound = 6,
}
