namespace InterviewBooking;

/// <summary>
/// The outbox: side effects stored with the change that causes them and delivered at least once by a worker.
/// Messages are enqueued atomically with a payment session change through <see cref="PaymentSessionTransition.Outbox"/>
/// (the <see cref="IPaymentSessionStore"/> of the same adapter writes them), or on their own with <see cref="EnqueueAsync"/>.
/// A lease is exclusive until it runs out, whatever the number of workers and instances; only the lease's token ends it.
/// Time is the store's injected clock.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Stores a message unless one with its <see cref="OutboxMessage.Key"/> exists.</summary>
    /// <returns><see langword="true"/> when stored; <see langword="false"/> when the key was already there (nothing changed).</returns>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="maxItems"/> items that are due (pending with <see cref="OutboxItem.NextAttemptAt"/> reached, or leased
    /// with the lease run out), oldest due first, each for <paramref name="leaseDuration"/> with a fresh token.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> LeaseAsync(int maxItems, Duration leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased item delivered.</summary>
    /// <returns><see langword="false"/> when the lease is no longer held with that token (it ran out and was taken, say).</returns>
    Task<bool> CompleteAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default);

    /// <summary>Ends a lease after a failed attempt: the item waits until <paramref name="nextAttemptAt"/>, keeping <paramref name="lastError"/>.</summary>
    /// <returns><see langword="false"/> when the lease is no longer held with that token.</returns>
    Task<bool> RetryLaterAsync(string key, Guid leaseToken, string lastError, Instant nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>Ends a lease by giving the item up for good, keeping <paramref name="lastError"/> for an operator.</summary>
    /// <returns><see langword="false"/> when the lease is no longer held with that token.</returns>
    Task<bool> DeadLetterAsync(string key, Guid leaseToken, string lastError, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease back unused (a worker shutting down): the item is due again at once and the attempt does not count.</summary>
    /// <returns><see langword="false"/> when the lease is no longer held with that token.</returns>
    Task<bool> ReturnLeaseAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default);

    /// <summary>Reads an item, or <see langword="null"/>.</summary>
    Task<OutboxItem?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every item of a payment session, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> ListBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default);

    /// <summary>Dead-lettered items, most recent first, at most <paramref name="maxItems"/>, with their last error: an operator's view.</summary>
    Task<IReadOnlyList<OutboxItem>> ListDeadLetteredAsync(int maxItems, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts what waits: the items due now by the store's clock (the ones <see cref="LeaseAsync"/> would take, without taking them), the
    /// earliest of their due times, and the dead letters. A health check's view; it reads no item.
    /// </summary>
    Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default);
}
