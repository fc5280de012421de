namespace InterviewBooking;

/// <summary>
/// The payout ledger: one <see cref="Payout"/> per completed interview, and the disputes of the sessions' charges. Every status change is a
/// compare-and-set with an audit trail. A payout's creation and a dispute's report are atomic with each other for one session, so a dispute
/// that opens while the payout is recorded always holds it.
/// </summary>
public interface IPayoutStore
{
    /// <summary>
    /// Stores <paramref name="payout"/> unless its interview has one; either way returns the payout stored. A new <see cref="PayoutStatus.Pending"/>
    /// payout whose session has an open dispute is stored <see cref="PayoutStatus.Held"/>, and one whose session lost a dispute
    /// <see cref="PayoutStatus.Canceled"/>, in the same atomic step. Its <see cref="Payout.Version"/> becomes 1 and its audit trail starts.
    /// </summary>
    /// <exception cref="ArgumentException">The payout lacks an interview, session or interviewer id, or is not Pending or Canceled.</exception>
    Task<Payout> AddOrGetAsync(Payout payout, CancellationToken cancellationToken = default);

    /// <summary>The payout of an interview, or <see langword="null"/>.</summary>
    Task<Payout?> GetAsync(InterviewId interviewId, CancellationToken cancellationToken = default);

    /// <summary>The payout of a payment session's interview, or <see langword="null"/>.</summary>
    Task<Payout?> FindBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default);

    /// <summary>Changes the status when the payout is still in <see cref="PayoutTransition.From"/> (and at the expected version, when given).</summary>
    /// <exception cref="InvalidPayoutTransitionException">The status change is not allowed by <see cref="PayoutStateMachine"/>.</exception>
    /// <exception cref="ArgumentException">A change to Paid has no transfer id, or one to Reversed no reversal id.</exception>
    Task<PayoutUpdateResult> TryTransitionAsync(PayoutTransition transition, CancellationToken cancellationToken = default);

    /// <summary>The payout's audit trail, oldest first: its creation (<see cref="PayoutStatusChange.From"/> <see langword="null"/>), then every change.</summary>
    Task<IReadOnlyList<PayoutStatusChange>> GetHistoryAsync(InterviewId interviewId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a dispute report and applies it to the session's payout in one atomic step: an open dispute holds a
    /// <see cref="PayoutStatus.Pending"/> payout; a released one (<see cref="PaymentDispute.IsReleased"/>) makes a <see cref="PayoutStatus.Held"/>
    /// payout pending again once no other dispute of the session is open; a lost one cancels a pending or held payout. A dispute already closed
    /// stays as it closed (a late <c>created</c> never reopens it); a repeat changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The dispute has no id or session.</exception>
    Task<DisputeApplication> ApplyDisputeAsync(PaymentDispute dispute, CancellationToken cancellationToken = default);

    /// <summary>The disputes of a session, oldest first: whether it is disputed, and how each ended.</summary>
    Task<IReadOnlyList<PaymentDispute>> ListDisputesAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default);

    /// <summary>Payouts in <paramref name="status"/>, least recently changed first, at most <paramref name="maxItems"/>: an operator's view.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    Task<IReadOnlyList<Payout>> ListByStatusAsync(PayoutStatus status, int maxItems, CancellationToken cancellationToken = default);
}
