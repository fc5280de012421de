using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>A thread-safe <see cref="IPaymentEventInbox"/> for one process; the first record of an event id wins.</summary>
public sealed class InMemoryPaymentEventInbox : IPaymentEventInbox
{
    private readonly ConcurrentDictionary<string, ProcessedPaymentEvent> _events = new(StringComparer.Ordinal);

    /// <summary>How many events are recorded.</summary>
    public int Count => _events.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="eventId"/> is blank.</exception>
    public Task<ProcessedPaymentEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_events.GetValueOrDefault(eventId));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The event id is blank.</exception>
    public Task<bool> TryRecordAsync(ProcessedPaymentEvent processed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processed);
        ArgumentException.ThrowIfNullOrWhiteSpace(processed.EventId, nameof(processed));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_events.TryAdd(processed.EventId, processed));
    }
}
