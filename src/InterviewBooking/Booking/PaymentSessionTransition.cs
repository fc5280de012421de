namespace InterviewBooking;

/// <summary>
/// A compare-and-set change of a payment session's status: it applies only while the session is in <see cref="From"/>
/// (and, when set, at <see cref="ExpectedVersion"/>). The optional fields are written with the new status.
/// </summary>
/// <param name="SessionId">The session to change.</param>
/// <param name="From">The status the caller saw.</param>
/// <param name="To">The new status; the pair must be allowed by <see cref="PaymentSessionStateMachine"/>.</param>
/// <param name="At">When the change happens.</param>
public sealed record PaymentSessionTransition(PaymentSessionId SessionId, PaymentSessionStatus From, PaymentSessionStatus To, Instant At)
{
    /// <summary>When set, the change applies only at this version.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Why; stored as <see cref="PaymentSession.StatusReason"/> (cleared when <see langword="null"/>).</summary>
    public string? Reason { get; init; }

    /// <summary>A new reservation id (after a re-hold), or <see langword="null"/> to keep the current one.</summary>
    public ReservationId? ReservationId { get; init; }

    /// <summary>The booked interview, or <see langword="null"/> to keep the current one.</summary>
    public InterviewId? InterviewId { get; init; }

    /// <summary>The payment provider event that caused the change, if any (kept for the audit trail).</summary>
    public string? EventId { get; init; }

    /// <summary>For a reschedule: the new slot, its text and date in the candidate's zone, and the invite's new revision; all or none.</summary>
    public RescheduledSlot? Rescheduled { get; init; }

    /// <summary>For a cancellation: the refund decided by policy.</summary>
    public RefundDecision? Refund { get; init; }

    /// <summary>The provider's payment reference (a PaymentIntent id), or <see langword="null"/> to keep the current one.</summary>
    public string? ProviderPaymentReference { get; init; }

    /// <summary>For <see cref="PaymentSessionStatus.Refunded"/>: the refund the provider issued.</summary>
    public IssuedRefund? IssuedRefund { get; init; }

    /// <summary>
    /// Side effects of the change, stored in the same atomic step (one statement or transaction on a database): they exist exactly when
    /// the change does. A message whose <see cref="OutboxMessage.Key"/> is already stored is left as it is.
    /// </summary>
    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];

    /// <summary>Refuses a <paramref name="following"/> that names another session or does not start where <paramref name="transition"/> ends.</summary>
    /// <exception cref="ArgumentException">It does not follow.</exception>
    internal static void EnsureFollows(PaymentSessionTransition transition, PaymentSessionTransition following)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(following);
        if (following.SessionId != transition.SessionId || following.From != transition.To)
        {
            throw new ArgumentException(
                $"The second change must follow the first on the same session: {transition.SessionId} {transition.From} -> {transition.To}, then {following.SessionId} {following.From} -> {following.To}.",
                nameof(following));
        }
    }

    /// <summary>This change as it follows <paramref name="first"/>: at the version after the first's expected one (any version, when it names none).</summary>
    internal PaymentSessionTransition After(PaymentSessionTransition first) => this with { ExpectedVersion = first.ExpectedVersion + 1 };
}
