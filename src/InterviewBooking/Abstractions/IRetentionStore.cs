namespace InterviewBooking;

/// <summary>
/// Removes finished rows in bounded batches, for the retention worker (<c>AddRetention</c>). One implementation covers a store adapter's whole
/// set (reservations, sessions, interviews, payouts, outbox, inbox), because whether a session may go depends on rows of several stores.
/// <see cref="RetentionRules"/> states what may go; every method removes at most <c>maxItems</c> rows that satisfy it at the moment of removal,
/// oldest first, and returns their ids.
/// </summary>
/// <remarks>
/// Each row is decided and removed atomically with the rows that go with it (a short transaction, or one lock), so a change that makes a row
/// reachable again (a dispute, a late event) and the removal never both succeed, and no lock is held for longer than one batch. Passes on any
/// number of instances may run at once: a row is removed, and reported, once. A repeated call after everything eligible went removes nothing.
/// Judge only by the <see cref="RetentionCutoffs"/> given, never by the store's own clock.
/// </remarks>
public interface IRetentionStore
{
    /// <summary>Removes reservations that <see cref="RetentionRules.IsReservationSettled"/> lets go, with their audit trail.</summary>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <param name="maxItems">The most reservations to remove (1 or more).</param>
    /// <param name="cancellationToken">Cancels the batch before it removes anything.</param>
    /// <returns>The reservations removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    Task<RetentionBatch> PurgeReservationsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes payment sessions that <see cref="RetentionRules"/> lets go, each with its status trail, its idempotency key, its interview and
    /// that interview's trail, its payout and that payout's trail, and its disputes. The interviewer's reliability
    /// (<see cref="IInterviewStore.GetReliabilityAsync"/>) keeps counting a removed interview: the store folds its no-show, late cancellation,
    /// attendance and rating into the interviewer's totals in the same atomic step. A rebooking chain is never split: it counts one id per
    /// session, and one that does not fit what is left of a batch waits for the next (alone in a batch, it may exceed <c>maxItems</c>).
    /// </summary>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <param name="maxItems">The most sessions to remove (1 or more).</param>
    /// <param name="cancellationToken">Cancels the batch before it removes anything.</param>
    /// <returns>The sessions removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    Task<RetentionBatch> PurgePaymentSessionsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Removes outbox items that <see cref="RetentionRules.IsOutboxItemSettled"/> lets go; pending and leased items always stay.</summary>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <param name="maxItems">The most items to remove (1 or more).</param>
    /// <param name="cancellationToken">Cancels the batch before it removes anything.</param>
    /// <returns>The items removed, by key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    Task<RetentionBatch> PurgeOutboxItemsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Removes payment event inbox entries that <see cref="RetentionRules.IsPaymentEventSettled"/> lets go.</summary>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <param name="maxItems">The most entries to remove (1 or more).</param>
    /// <param name="cancellationToken">Cancels the batch before it removes anything.</param>
    /// <returns>The entries removed, by provider event id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is less than 1.</exception>
    Task<RetentionBatch> PurgePaymentEventsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default);
}
