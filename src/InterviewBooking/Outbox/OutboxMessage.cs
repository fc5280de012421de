namespace InterviewBooking;

/// <summary>
/// A side effect to deliver after a change: written in the same atomic step as the change that causes it
/// (<see cref="PaymentSessionTransition.Outbox"/>), then delivered at least once by the outbox worker through the
/// <see cref="IOutboxHandler"/> registered for its <see cref="Kind"/>.
/// </summary>
/// <param name="Key">
/// The message's identity and its stable idempotency key (for example <c>ps_123:notification:booked:0</c>): enqueuing a key that is
/// already stored changes nothing, and a handler derives every provider idempotency key or Message-ID from it, so a redelivery is recognised.
/// </param>
/// <param name="Kind">What to do; one of <see cref="OutboxKinds"/> or a kind an adapter package registers a handler for.</param>
/// <param name="DueAt">Not delivered before this instant (now for an immediate effect; the reminder time for a reminder).</param>
public sealed record OutboxMessage(string Key, string Kind, Instant DueAt)
{
    /// <summary>The payment session the effect belongs to, when there is one.</summary>
    public PaymentSessionId? SessionId { get; init; }

    /// <summary>
    /// Small, kind-specific values the handler needs beyond the stores' current state (ids, a reason, a notification kind).
    /// Never secrets or personal data: handlers read those from the stores when they deliver.
    /// </summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = EmptyData;

    private static readonly IReadOnlyDictionary<string, string> EmptyData = new Dictionary<string, string>(StringComparer.Ordinal);
}
