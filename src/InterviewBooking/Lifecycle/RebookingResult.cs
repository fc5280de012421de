namespace InterviewBooking;

/// <summary>What <see cref="RebookingService.RebookAsync"/> did.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Original">The original session as it is now, when there is one.</param>
public sealed record RebookingResult(RebookingOutcome Outcome, PaymentSession? Original)
{
    /// <summary>The new session, linked to the original (<see cref="PaymentSession.RebookedFrom"/>), as it is after booking.</summary>
    public PaymentSession? Rebooked { get; init; }

    /// <summary>The new interviewer's match (never the interviewer who canceled or did not show).</summary>
    public InterviewerMatch? Match { get; init; }

    /// <summary>What auto-booking the new session did.</summary>
    public BookingResult? Booking { get; init; }

    /// <summary>For <see cref="RebookingOutcome.NoMatch"/>: other slots to offer.</summary>
    public IReadOnlyList<SlotAlternative> Alternatives { get; init; } = [];

    /// <summary>Why nothing was rebooked, when nothing was.</summary>
    public string? Reason { get; init; }
}

/// <summary>The outcome of <see cref="RebookingService.RebookAsync"/>.</summary>
public enum RebookingOutcome
{
    /// <summary>A new session with another interviewer was created and booked; the original is <see cref="PaymentSessionStatus.Rebooked"/>.</summary>
    Rebooked = 0,

    /// <summary>The original was rebooked before; the same new session is returned.</summary>
    AlreadyRebooked = 1,

    /// <summary>No such session.</summary>
    SessionNotFound = 2,

    /// <summary>No free rebooking is offered: the interviewer neither canceled nor missed the interview.</summary>
    NotOffered = 3,

    /// <summary>The choice is closed: the refund started, or <see cref="InterviewBookingOptions.RebookingChoiceWindow"/> passed.</summary>
    ChoiceClosed = 4,

    /// <summary>No other interviewer matched and was free for the slot; <see cref="RebookingResult.Alternatives"/> may offer others.</summary>
    NoMatch = 5,

    /// <summary>The original changed meanwhile (another rebooking, say); try again.</summary>
    Conflict = 6,
}
