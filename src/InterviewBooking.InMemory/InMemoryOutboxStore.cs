namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IOutboxStore"/> for one process. One lock guards the items, so a lease is exclusive and every change is
/// all or nothing; <see cref="InMemoryPaymentSessionStore"/> takes the same lock around a compare-and-set that carries messages
/// (<see cref="PaymentSessionTransition.Outbox"/>), so a reader never sees the change without its messages, nor the messages without the change.
/// </summary>
/// <remarks>
/// Items due for a lease are kept ordered by <see cref="OutboxItem.NextAttemptAt"/> (a leased item's is the end of its lease), so a lease reads
/// only what is due; finished items by <see cref="OutboxItem.FinishedAt"/>, so retention (<see cref="InMemoryRetentionStore"/>) reads only what it removes.
/// </remarks>
public sealed class InMemoryOutboxStore : IOutboxStore
{
    private readonly Lock _gate = new();
    private readonly IClock _clock;
    private readonly Dictionary<string, OutboxItem> _items = new(StringComparer.Ordinal);
    private readonly SortedSet<(Instant NextAttemptAt, string Key)> _due = new(DueOrder.Instance);
    private readonly Dictionary<PaymentSessionId, List<string>> _bySession = [];
    private readonly SortedSet<(Instant NextAttemptAt, string Key)> _finished = new(DueOrder.Instance);

    /// <summary>Creates an empty outbox.</summary>
    /// <param name="clock">Decides what is due and when a lease runs out.</param>
    public InMemoryOutboxStore(IClock clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>How many items are stored, in any status.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>The lock <see cref="InMemoryPaymentSessionStore"/> holds while it changes a session and stores that change's messages.</summary>
    internal Lock Gate => _gate;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message has a blank key or kind.</exception>
    public Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        EnsureValid(message, nameof(message));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(TryAdd(message, _clock.GetCurrentInstant()));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> or <paramref name="leaseDuration"/> is not positive.</exception>
    public Task<IReadOnlyList<OutboxItem>> LeaseAsync(int maxItems, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        if (leaseDuration <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "A lease must last a positive time.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _clock.GetCurrentInstant();
            var due = _due.TakeWhile(entry => entry.NextAttemptAt <= now).Take(maxItems).ToArray();
            var leased = new List<OutboxItem>(due.Length);
            foreach (var (_, key) in due)
            {
                var item = _items[key] with
                {
                    Status = OutboxItemStatus.Leased,
                    LeaseToken = Guid.NewGuid(),
                    LeasedUntil = now + leaseDuration,
                    NextAttemptAt = now + leaseDuration,
                };
                Replace(item);
                leased.Add(item);
            }

            return Task.FromResult<IReadOnlyList<OutboxItem>>(leased);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default) =>
        EndLease(key, leaseToken, (item, now) => item with
        {
            Status = OutboxItemStatus.Completed,
            Attempts = item.Attempts + 1,
            FinishedAt = now,
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="lastError"/> is <see langword="null"/>.</exception>
    public Task<bool> RetryLaterAsync(string key, Guid leaseToken, string lastError, Instant nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        return EndLease(key, leaseToken, (item, _) => item with
        {
            Status = OutboxItemStatus.Pending,
            Attempts = item.Attempts + 1,
            NextAttemptAt = nextAttemptAt,
            LastError = lastError,
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="lastError"/> is <see langword="null"/>.</exception>
    public Task<bool> DeadLetterAsync(string key, Guid leaseToken, string lastError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        return EndLease(key, leaseToken, (item, now) => item with
        {
            Status = OutboxItemStatus.DeadLettered,
            Attempts = item.Attempts + 1,
            LastError = lastError,
            FinishedAt = now,
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ReturnLeaseAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default) =>
        EndLease(key, leaseToken, (item, now) => item with { Status = OutboxItemStatus.Pending, NextAttemptAt = now }, cancellationToken);

    /// <inheritdoc />
    public Task<OutboxItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_items.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> ListBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<OutboxItem> items = !sessionId.IsEmpty && _bySession.TryGetValue(sessionId, out var keys)
                ? [.. keys.Select(key => _items[key]).OrderBy(static item => item.CreatedAt)]
                : [];
            return Task.FromResult(items);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is not positive.</exception>
    public Task<IReadOnlyList<OutboxItem>> ListDeadLetteredAsync(int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<OutboxItem> items =
            [
                .. _items.Values.Where(static item => item.Status == OutboxItemStatus.DeadLettered)
                    .OrderByDescending(static item => item.FinishedAt).ThenBy(static item => item.Message.Key, StringComparer.Ordinal).Take(maxItems),
            ];
            return Task.FromResult(items);
        }
    }

    /// <inheritdoc />
    public Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // The due index is ordered by due time: the due items are its head, the oldest its first entry.
            var now = _clock.GetCurrentInstant();
            var due = _due.TakeWhile(entry => entry.NextAttemptAt <= now).LongCount();
            Instant? oldest = due > 0 ? _due.Min.NextAttemptAt : null;
            var dead = _items.Values.LongCount(static item => item.Status == OutboxItemStatus.DeadLettered);
            return Task.FromResult(new OutboxBacklog(due, oldest, dead));
        }
    }

    /// <summary>Checks the messages of a transition before anything is written, so a bad one changes nothing.</summary>
    internal static void EnsureValid(IReadOnlyList<OutboxMessage> messages, string paramName)
    {
        foreach (var message in messages)
        {
            EnsureValid(message, paramName);
        }
    }

    /// <summary>Stores the messages of a transition that won its compare-and-set; the caller holds <see cref="Gate"/>.</summary>
    internal void AddWithTransition(IReadOnlyList<OutboxMessage> messages, Instant at)
    {
        foreach (var message in messages)
        {
            TryAdd(message, at);
        }
    }

    private bool TryAdd(OutboxMessage message, Instant at)
    {
        var item = new OutboxItem { Message = message, Status = OutboxItemStatus.Pending, NextAttemptAt = message.DueAt, CreatedAt = at };
        if (!_items.TryAdd(message.Key, item))
        {
            return false;
        }

        _due.Add((item.NextAttemptAt, message.Key));
        if (message.SessionId is { IsEmpty: false } sessionId)
        {
            if (!_bySession.TryGetValue(sessionId, out var keys))
            {
                keys = [];
                _bySession.Add(sessionId, keys);
            }

            keys.Add(message.Key);
        }

        return true;
    }

    private Task<bool> EndLease(string key, Guid leaseToken, Func<OutboxItem, Instant, OutboxItem> end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_items.TryGetValue(key, out var item) || item.Status != OutboxItemStatus.Leased || item.LeaseToken != leaseToken)
            {
                return Task.FromResult(false);
            }

            Replace(end(item, _clock.GetCurrentInstant()) with { LeaseToken = null, LeasedUntil = null });
            return Task.FromResult(true);
        }
    }

    // Keeps the due index in step with the item: only pending and leased items can be leased.
    private void Replace(OutboxItem item)
    {
        var key = item.Message.Key;
        _due.Remove((_items[key].NextAttemptAt, key));
        _items[key] = item;
        if (item.Status is OutboxItemStatus.Pending or OutboxItemStatus.Leased)
        {
            _due.Add((item.NextAttemptAt, key));
        }
        else if (item.FinishedAt is { } finishedAt)
        {
            _finished.Add((finishedAt, key));
        }
    }

    /// <summary>
    /// Removes up to <paramref name="maxItems"/> items that <see cref="RetentionRules.IsOutboxItemSettled"/> lets go, finished longest ago first.
    /// </summary>
    internal List<string> Purge(RetentionCutoffs cutoffs, int maxItems)
    {
        lock (_gate)
        {
            var removed = new List<string>();
            foreach (var (finishedAt, key) in _finished)
            {
                if (finishedAt >= cutoffs.FinishedBefore || removed.Count >= maxItems)
                {
                    break;
                }

                if (_items.TryGetValue(key, out var item) && RetentionRules.IsOutboxItemSettled(item, cutoffs))
                {
                    removed.Add(key);
                }
            }

            foreach (var key in removed)
            {
                var item = _items[key];
                _items.Remove(key);
                _finished.Remove((item.FinishedAt!.Value, key));
                if (item.Message.SessionId is { IsEmpty: false } sessionId && _bySession.TryGetValue(sessionId, out var keys))
                {
                    keys.Remove(key);
                    if (keys.Count == 0)
                    {
                        _bySession.Remove(sessionId);
                    }
                }
            }

            return removed;
        }
    }

    /// <summary>Whether an item of the session still waits for delivery (pending or leased); the caller holds <see cref="Gate"/>.</summary>
    internal bool HasUndelivered(PaymentSessionId sessionId) =>
        _bySession.TryGetValue(sessionId, out var keys)
        && keys.Exists(key => _items[key].Status is OutboxItemStatus.Pending or OutboxItemStatus.Leased);

    private static void EnsureValid(OutboxMessage message, string paramName)
    {
        ArgumentNullException.ThrowIfNull(message, paramName);
        if (string.IsNullOrWhiteSpace(message.Key) || string.IsNullOrWhiteSpace(message.Kind))
        {
            throw new ArgumentException($"An outbox message needs a key and a kind; got key \"{message.Key}\", kind \"{message.Kind}\".", paramName);
        }
    }

    private sealed class DueOrder : IComparer<(Instant NextAttemptAt, string Key)>
    {
        public static readonly DueOrder Instance = new();

        public int Compare((Instant NextAttemptAt, string Key) x, (Instant NextAttemptAt, string Key) y)
        {
            var byTime = x.NextAttemptAt.CompareTo(y.NextAttemptAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Key, y.Key);
        }
    }
}
