namespace InterviewBooking;

/// <summary>
/// Delivers the outbox items of one <see cref="Kind"/>. Delivery is at least once: a handler must be idempotent by
/// <see cref="OutboxMessage.Key"/> (a Message-ID, a provider idempotency key derived from it, or a check of the stores' state).
/// An exception is a transient failure, retried later with back-off; <see cref="OutboxDeliveryException"/> with
/// <see cref="OutboxDeliveryException.IsPermanent"/> dead-letters the item at once.
/// </summary>
public interface IOutboxHandler
{
    /// <summary>The <see cref="OutboxMessage.Kind"/> this handler delivers.</summary>
    string Kind { get; }

    /// <summary>Delivers one leased item. Returning means delivered (or nothing is left to do: a reminder of a canceled interview, say).</summary>
    Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default);
}
