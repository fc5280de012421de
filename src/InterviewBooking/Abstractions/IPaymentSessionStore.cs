namespace InterviewBooking;

/// <summary>
/// Stores payment sessions. Every change is a compare-and-set, so of two concurrent writers exactly one wins;
/// an illegal status change throws <see cref="InvalidPaymentSessionTransitionException"/> and writes nothing.
/// </summary>
public interface IPaymentSessionStore
{
    /// <summary>Stores a new session (its <see cref="PaymentSession.Version"/> becomes 1).</summary>
    /// <exception cref="DuplicatePaymentSessionException">A session with that id exists.</exception>
    /// <exception cref="DuplicateIdempotencyKeyException">
    /// The session has an <see cref="PaymentSession.IdempotencyKey"/> and its candidate has a session with that key: of two concurrent
    /// creates with one key, on any instances, exactly one succeeds.
    /// </exception>
    Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default);

    /// <summary>Reads a session, or <see langword="null"/> when there is none.</summary>
    Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default);

    /// <summary>The candidate's session created with <paramref name="idempotencyKey"/>, or <see langword="null"/> when there is none.</summary>
    Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Attaches the checkout's provider reference and URL to a <see cref="PaymentSessionStatus.Pending"/> session that has none yet (or the same one).</summary>
    Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default);

    /// <summary>Changes the status when the session is still in <see cref="PaymentSessionTransition.From"/> (and at the expected version, when given).</summary>
    /// <exception cref="InvalidPaymentSessionTransitionException">The status change is not allowed by <see cref="PaymentSessionStateMachine"/>.</exception>
    /// <exception cref="ArgumentException">A change to <see cref="PaymentSessionStatus.Refunded"/> has no <see cref="PaymentSessionTransition.IssuedRefund"/>.</exception>
    Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="transition"/>, then <paramref name="following"/> from the status it leaves (a payment, then the claim that books it):
    /// two changes, each a compare-and-set with its trail entry and messages, as one call. <paramref name="following"/> applies when the session is in
    /// its <see cref="PaymentSessionTransition.From"/> at the version after <paramref name="transition"/>'s expected one (or in that status, when
    /// the first names no version), whichever writer moved it there; its own <see cref="PaymentSessionTransition.ExpectedVersion"/> is not read.
    /// </summary>
    /// <returns>Whether <paramref name="following"/> applied, and the session as it is after both.</returns>
    /// <remarks>This default makes two calls; a store that can send both statements in one round trip does (the PostgreSQL store).</remarks>
    /// <exception cref="ArgumentException"><paramref name="following"/> names another session, or does not start where <paramref name="transition"/> ends.</exception>
    async Task<PaymentSessionUpdateResult> TryTransitionThenAsync(
        PaymentSessionTransition transition, PaymentSessionTransition following, CancellationToken cancellationToken = default)
    {
        PaymentSessionTransition.EnsureFollows(transition, following);
        var first = await TryTransitionAsync(transition, cancellationToken).ConfigureAwait(false);
        return first.Session is null
            ? first
            : await TryTransitionAsync(following.After(transition), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The session's audit trail, oldest first: its creation (<see cref="PaymentSessionStatusChange.From"/> <see langword="null"/>), then every
    /// status change that succeeded, with its reason and event id. Empty for an unknown session.
    /// </summary>
    Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sessions in <paramref name="status"/> whose status last changed (<see cref="PaymentSession.UpdatedAt"/>) before <paramref name="changedBefore"/>,
    /// longest unchanged first, at most <paramref name="maxItems"/>: an operator's and the sweeper's view (refunds owed, checkouts stuck pending,
    /// booking claims gone stale).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(
        PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default);
}
