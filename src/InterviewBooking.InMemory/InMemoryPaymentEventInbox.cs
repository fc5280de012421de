using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IPaymentEventInbox"/> for one process; the first record of an event id wins. Records are indexed by when they were
/// processed, so retention (<see cref="InMemoryRetentionStore"/>) removes the oldest without scanning the rest.
/// </summary>
public sealed class InMemoryPaymentEventInbox : IPaymentEventInbox
{
    private readonly ConcurrentDictionary<string, ProcessedPaymentEvent> _events = new(StringComparer.Ordinal);
    private readonly Lock _retentionGate = new();
    private readonly SortedSet<(Instant ProcessedAt, string EventId)> _byProcessedAt = new(ProcessedOrder.Instance);

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
        if (!_events.TryAdd(processed.EventId, processed))
        {
            return Task.FromResult(false);
        }

        lock (_retentionGate)
        {
            _byProcessedAt.Add((processed.ProcessedAt, processed.EventId));
        }

        return Task.FromResult(true);
    }

    /// <summary>
    /// Removes up to <paramref name="maxItems"/> records that <see cref="RetentionRules.IsPaymentEventSettled"/> lets go, processed longest ago first.
    /// </summary>
    internal List<string> Purge(RetentionCutoffs cutoffs, int maxItems)
    {
        lock (_retentionGate)
        {
            var removed = new List<string>();
            foreach (var (processedAt, eventId) in _byProcessedAt)
            {
                if (processedAt >= cutoffs.PaymentEventsProcessedBefore || removed.Count >= maxItems)
                {
                    break;
                }

                removed.Add(eventId);
            }

            foreach (var eventId in removed)
            {
                _byProcessedAt.Remove((_events[eventId].ProcessedAt, eventId));
                _events.TryRemove(eventId, out _);
            }

            return removed;
        }
    }

    private sealed class ProcessedOrder : IComparer<(Instant ProcessedAt, string EventId)>
    {
        public static readonly ProcessedOrder Instance = new();

        public int Compare((Instant ProcessedAt, string EventId) x, (Instant ProcessedAt, string EventId) y)
        {
            var byTime = x.ProcessedAt.CompareTo(y.ProcessedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.EventId, y.EventId);
        }
    }
}
