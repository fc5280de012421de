namespace InterviewBooking;

/// <summary>
/// A payment for one interview, carrying the snapshot of the match made before payment.
/// The fields of the seed document map one to one: <see cref="MatchedInterviewer"/> (<c>matched_interviewer</c>),
/// <see cref="InterviewerId"/> (<c>interviewer_id</c>), <see cref="SelectedTimeSlot"/> (<c>selected_time_slot</c>),
/// <see cref="SelectedDate"/> (<c>selected_date</c>) and <see cref="MatchScore"/> (<c>match_score</c>).
/// </summary>
/// <remarks>
/// The pre-matched fields are nullable because stores hold data written by other versions and other systems:
/// <see cref="AutoBookingService"/> checks each one and refuses with <see cref="PreMatchedInterviewerException"/> when one is missing or inconsistent.
/// </remarks>
public sealed record PaymentSession
{
    /// <summary>The session's id; also the owner of its reservation and the scheduler's idempotency key.</summary>
    public required PaymentSessionId Id { get; init; }

    /// <summary>The candidate.</summary>
    public required CandidateId CandidateId { get; init; }

    /// <summary>The candidate's name.</summary>
    public required string CandidateName { get; init; }

    /// <summary>The candidate's email address.</summary>
    public required string CandidateEmail { get; init; }

    /// <summary>The candidate's zone, in which <see cref="SelectedTimeSlot"/> and <see cref="SelectedDate"/> are written.</summary>
    public required DateTimeZone CandidateTimeZone { get; init; }

    /// <summary>The snapshot of the match (<c>matched_interviewer</c>).</summary>
    public MatchedInterviewer? MatchedInterviewer { get; init; }

    /// <summary>The reserved interviewer (<c>interviewer_id</c>); must equal the snapshot's id.</summary>
    public InterviewerId? InterviewerId { get; init; }

    /// <summary>The slot as a person reads it in the candidate's zone (<c>selected_time_slot</c>), e.g. <c>Monday, 06/10/2025 09:00-09:30</c>.</summary>
    public string? SelectedTimeSlot { get; init; }

    /// <summary>The slot's local date in the candidate's zone (<c>selected_date</c>).</summary>
    public LocalDate? SelectedDate { get; init; }

    /// <summary>The match score total (<c>match_score</c>); must equal the snapshot's.</summary>
    public int? MatchScore { get; init; }

    /// <summary>The reserved slot as instants: the authority the text fields are rendered from.</summary>
    public Interval? Slot { get; init; }

    /// <summary>The reservation that holds the slot while the candidate pays.</summary>
    public ReservationId? ReservationId { get; init; }

    /// <summary>The plan booked.</summary>
    public required string PlanId { get; init; }

    /// <summary>The add-ons booked.</summary>
    public IReadOnlyList<AddOnSelection> AddOns { get; init; } = [];

    /// <summary>The price computed when the session was created; a payment must match its total.</summary>
    public required Price Price { get; init; }

    /// <summary>The current status.</summary>
    public required PaymentSessionStatus Status { get; init; }

    /// <summary>Why the session is in its status, where that needs saying (a refund's reason, say).</summary>
    public string? StatusReason { get; init; }

    /// <summary>The payment provider's reference for the checkout (a Stripe Checkout Session id, say).</summary>
    public string? ProviderReference { get; init; }

    /// <summary>The provider's reference for the payment itself (a Stripe PaymentIntent id), kept when the session is paid; refunds name it.</summary>
    public string? ProviderPaymentReference { get; init; }

    /// <summary>The URL that sends the candidate to the checkout.</summary>
    public Uri? CheckoutUrl { get; init; }

    /// <summary>The interview booked for this session, once <see cref="PaymentSessionStatus.Booked"/>.</summary>
    public InterviewId? InterviewId { get; init; }

    /// <summary>The calendar invite's revision: 0 when booked, one more on every reschedule (iCalendar <c>SEQUENCE</c>).</summary>
    public int InviteSequence { get; init; }

    /// <summary>The refund decided when a booked interview was canceled (<see cref="PaymentSessionStatus.BookingCanceled"/>).</summary>
    public RefundDecision? Refund { get; init; }

    /// <summary>The refund the provider issued, once <see cref="PaymentSessionStatus.Refunded"/>.</summary>
    public IssuedRefund? IssuedRefund { get; init; }

    /// <summary>When the session was created.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>When an unpaid checkout stops being payable; equals the hold's end.</summary>
    public required Instant ExpiresAt { get; init; }

    /// <summary>When the status last changed.</summary>
    public Instant UpdatedAt { get; init; }

    /// <summary>
    /// The start's <see cref="InterviewRequest.IdempotencyKey"/>, if it had one: unique per candidate among stored sessions
    /// (<see cref="IPaymentSessionStore.FindByIdempotencyKeyAsync"/>).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A hash of the request the session was started for, so a start reusing <see cref="IdempotencyKey"/> can be told apart from a retry.</summary>
    public string? RequestFingerprint { get; init; }

    /// <summary>
    /// For a free rebooking after the interviewer canceled or did not show: the original session, which became
    /// <see cref="PaymentSessionStatus.Rebooked"/>. This session was created paid, at the original's price, with its own match snapshot.
    /// </summary>
    public PaymentSessionId? RebookedFrom { get; init; }

    /// <summary>Incremented by every change; stores use it for compare-and-set.</summary>
    public long Version { get; init; }
}
