namespace InterviewBooking;

/// <summary>What <see cref="BookingChangeService"/> did to a booked session.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Session">The session as it is now; <see langword="null"/> only for <see cref="BookingChangeOutcome.SessionNotFound"/>.</param>
public sealed record BookingChangeResult(BookingChangeOutcome Outcome, PaymentSession? Session)
{
    /// <summary>The interview as it is now, when there is one.</summary>
    public ScheduledInterview? Interview { get; init; }

    /// <summary>The refund decided, for a cancellation.</summary>
    public RefundDecision? Refund { get; init; }

    /// <summary>Why, when nothing changed.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the session now is as asked (changed by this call or before).</summary>
    public bool Succeeded => Outcome is BookingChangeOutcome.Canceled or BookingChangeOutcome.AlreadyCanceled
        or BookingChangeOutcome.Rescheduled or BookingChangeOutcome.AlreadyAtSlot;
}

/// <summary>The outcomes of a cancellation or reschedule a caller must expect.</summary>
public enum BookingChangeOutcome
{
    /// <summary>Canceled by this call; the refund follows the policy.</summary>
    Canceled = 0,

    /// <summary>It was canceled before; the same refund decision is returned.</summary>
    AlreadyCanceled = 1,

    /// <summary>Moved by this call to the new slot with the same interviewer.</summary>
    Rescheduled = 2,

    /// <summary>It already was at that slot; nothing changed.</summary>
    AlreadyAtSlot = 3,

    /// <summary>The session is not booked (not paid yet, refunded, canceled); nothing changed.</summary>
    NotBooked = 4,

    /// <summary>The interview has started (or the new slot is in the past); nothing changed.</summary>
    TooLate = 5,

    /// <summary>The interviewer is taken at the new slot; the booking stays as it was.</summary>
    SlotTaken = 6,

    /// <summary>The new slot is outside the interviewer's availability (weekly windows and dated overrides); the booking stays as it was.</summary>
    InterviewerUnavailable = 7,

    /// <summary>No such session.</summary>
    SessionNotFound = 8,

    /// <summary>Another change of the session came first; nothing of this call remains. Try again.</summary>
    Conflict = 9,

    /// <summary>The new slot starts sooner than the interviewer's <see cref="InterviewerProfile.MinimumNotice"/>; the booking stays as it was.</summary>
    NoticeTooShort = 10,

    /// <summary>The new slot starts later than the interviewer's <see cref="InterviewerProfile.BookingHorizon"/>; the booking stays as it was.</summary>
    BeyondHorizon = 11,

    /// <summary>The new slot falls inside the buffers around another active reservation of the interviewer; the booking stays as it was.</summary>
    BufferConflict = 12,

    /// <summary>The interviewer's <see cref="InterviewerProfile.MaxInterviewsPerDay"/> is reached on the new slot's local day; the booking stays as it was.</summary>
    DailyCapReached = 13,
}
