namespace InterviewBooking;

/// <summary>What <see cref="BookingService.StartAsync"/> did.</summary>
/// <param name="Outcome">What happened.</param>
public sealed record BookingStartResult(BookingStartOutcome Outcome)
{
    /// <summary>The payment session, for <see cref="BookingStartOutcome.Started"/> (and the canceled one for <see cref="BookingStartOutcome.CheckoutFailed"/>).</summary>
    public PaymentSession? Session { get; init; }

    /// <summary>The match that was held, for <see cref="BookingStartOutcome.Started"/>.</summary>
    public InterviewerMatch? Match { get; init; }

    /// <summary>The hold, for <see cref="BookingStartOutcome.Started"/>.</summary>
    public Reservation? Reservation { get; init; }

    /// <summary>Where to send the candidate to pay, for <see cref="BookingStartOutcome.Started"/>.</summary>
    public Uri? CheckoutUrl { get; init; }

    /// <summary>Ranked matches whose holds conflicted before one succeeded (or all of them).</summary>
    public IReadOnlyList<InterviewerMatch> ConflictedMatches { get; init; } = [];

    /// <summary>Which rule refused each of <see cref="ConflictedMatches"/>, in the same order.</summary>
    public IReadOnlyList<HoldRefusal> Refusals { get; init; } = [];

    /// <summary>
    /// For <see cref="BookingStartOutcome.NoMatch"/>: the nearest other slots of the best interviewers (<see cref="MatchResult.Alternatives"/>),
    /// to offer the candidate instead. Nothing is held for them; starting again with one of their slots matches afresh.
    /// </summary>
    public IReadOnlyList<SlotAlternative> Alternatives { get; init; } = [];

    /// <summary>
    /// Whether this answers a start whose <see cref="InterviewRequest.IdempotencyKey"/> named a session started earlier: <see cref="Session"/>
    /// and <see cref="Reservation"/> are that session and its hold as they are now (read <see cref="PaymentSession.Status"/>), nothing
    /// was matched, held or written, and <see cref="Match"/> is <see langword="null"/> (the session's snapshot says who was matched).
    /// </summary>
    public bool Replayed { get; init; }

    /// <summary>Why it did not start.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Whether the candidate can go and pay: started, with a checkout URL. A replayed start succeeds while its session is pending and its
    /// checkout is open.
    /// </summary>
    public bool Succeeded => Outcome == BookingStartOutcome.Started && CheckoutUrl is not null;
}

/// <summary>The outcomes of starting a booking.</summary>
public enum BookingStartOutcome
{
    /// <summary>Matched, held, session created, checkout ready.</summary>
    Started = 0,

    /// <summary>No interviewer matched the request at the minimum score.</summary>
    NoMatch = 1,

    /// <summary>Interviewers matched, but every hold tried was refused: others took the slot first, or it fell inside their buffers or over their daily cap (<see cref="BookingStartResult.Refusals"/>).</summary>
    SlotTaken = 2,

    /// <summary>The checkout could not be created; the hold was released and the session canceled.</summary>
    CheckoutFailed = 3,

    /// <summary>The coupon's usage limit is reached: its uses, paid or reserved by active holds, leave none. Nothing was held.</summary>
    CouponExhausted = 4,

    /// <summary>The candidate already has <see cref="InterviewBookingOptions.MaxActiveHoldsPerCandidate"/> active holds. Nothing was held.</summary>
    HoldLimitReached = 5,

    /// <summary>
    /// The preview token is not one this server issued for this candidate, slot and plan, or it has expired
    /// (<see cref="BookingPreviewService.StartAsync"/>). Nothing was matched or held.
    /// </summary>
    PreviewRefused = 6,

    /// <summary>
    /// The previewed interviewer no longer qualifies for the request (profile changed, deactivated) or is no longer free for the slot.
    /// Nobody else was tried; nothing was held. Preview again.
    /// </summary>
    PreviewUnavailable = 7,
}
