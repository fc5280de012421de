namespace InterviewBooking;

/// <summary>
/// Remembers which payment provider events were processed, so a gateway adapter answers a redelivered event as a duplicate
/// without processing it again. Any gateway adapter can use it; ids are the provider's own (unique per provider).
/// </summary>
/// <remarks>
/// An event is recorded only after it was processed: a delivery that crashed half-way is processed again on redelivery,
/// which is safe because the booking flow itself is idempotent. Two concurrent deliveries may both process; only one records.
/// </remarks>
public interface IPaymentEventInbox
{
    /// <summary>The record of a processed event, or <see langword="null"/> when it was not processed yet.</summary>
    Task<ProcessedPaymentEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Records a processed event; <see langword="false"/> when it was recorded before (the first record stays).</summary>
    Task<bool> TryRecordAsync(ProcessedPaymentEvent processed, CancellationToken cancellationToken = default);
}
