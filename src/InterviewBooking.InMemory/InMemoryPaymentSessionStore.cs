using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IPaymentSessionStore"/> for one process. Every change is a lock-free compare-and-set on the stored record
/// (<see cref="ConcurrentDictionary{TKey, TValue}.TryUpdate"/>): since every change increments <see cref="PaymentSession.Version"/>,
/// a record equal to the one read means nobody wrote in between, so no update is ever lost. Idempotency keys are claimed per
/// (candidate, key) right after the session is added (and the session taken out again when the key is taken), so of two creates with one
/// key exactly one is kept. A change that carries outbox messages
/// (<see cref="PaymentSessionTransition.Outbox"/>) makes its compare-and-set and stores the messages under the outbox's lock: the messages
/// exist exactly when the change does. Sessions retention may remove one day are indexed by their last change
/// (<see cref="InMemoryRetentionStore"/>), so a purge reads the oldest first and never scans the rest.
/// </summary>
public sealed class InMemoryPaymentSessionStore : IPaymentSessionStore
{
    private readonly ConcurrentDictionary<PaymentSessionId, PaymentSession> _sessions = new();
    private readonly ConcurrentDictionary<PaymentSessionId, List<PaymentSessionStatusChange>> _history = new();
    private readonly ConcurrentDictionary<(CandidateId Candidate, string Key), PaymentSessionId> _idempotencyKeys = new();
    private readonly InMemoryOutboxStore? _outbox;

    // Retention's view, guarded by _indexGate: settled-looking sessions by last change, one set per cutoff they are judged by. Entries may
    // be stale (a later change re-indexed the session); a purge checks each against the stored record.
    private readonly Lock _indexGate = new();
    private readonly SortedSet<(Instant LastChanged, PaymentSessionId Id)> _closedUnpaid = new(RetentionOrder.Instance);
    private readonly SortedSet<(Instant LastChanged, PaymentSessionId Id)> _closedPaid = new(RetentionOrder.Instance);

    /// <summary>Creates a store without an outbox: a transition that carries outbox messages is refused.</summary>
    public InMemoryPaymentSessionStore()
    {
    }

    /// <summary>Creates a store whose transitions store their outbox messages in <paramref name="outbox"/>, atomically with the change.</summary>
    /// <param name="outbox">The outbox the worker drains.</param>
    public InMemoryPaymentSessionStore(InMemoryOutboxStore outbox)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
    }

    /// <summary>The outbox a change's messages go to (its lock is held for the change), or <see langword="null"/>.</summary>
    internal InMemoryOutboxStore? Outbox => _outbox;

    /// <summary>How many sessions are stored.</summary>
    public int Count => _sessions.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The session has no id.</exception>
    public Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Id.IsEmpty)
        {
            throw new ArgumentException("A payment session needs an id; Id is empty.", nameof(session));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stored = session with { Version = 1 };
        if (!_sessions.TryAdd(stored.Id, stored))
        {
            throw new DuplicatePaymentSessionException(stored.Id);
        }

        // The key is claimed after the session is added, so whoever finds the key taken finds the session it names.
        if (stored.IdempotencyKey is { } key && !_idempotencyKeys.TryAdd((stored.CandidateId, key), stored.Id))
        {
            _sessions.TryRemove(stored.Id, out _);
            throw new DuplicateIdempotencyKeyException(stored.CandidateId, key);
        }

        Record(new PaymentSessionStatusChange(stored.Id, null, stored.Status, stored.CreatedAt, stored.Version, null, null));
        Reindex(null, stored.Id);
        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(!id.IsEmpty && _sessions.TryGetValue(id, out var session) ? session : null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="candidateId"/> is empty or <paramref name="idempotencyKey"/> is blank.</exception>
    public Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        EnsureKey(candidateId, idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(
            _idempotencyKeys.TryGetValue((candidateId, idempotencyKey), out var id) && _sessions.TryGetValue(id, out var session) ? session : null);
    }

    /// <inheritdoc />
    /// <remarks>Attaching the reference the session already has succeeds again (storing <paramref name="checkoutUrl"/> if it changed).</remarks>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="providerReference"/> is blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="checkoutUrl"/> is <see langword="null"/>.</exception>
    public Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default)
    {
        EnsureId(id, nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(providerReference);
        ArgumentNullException.ThrowIfNull(checkoutUrl);
        cancellationToken.ThrowIfCancellationRequested();

        while (true)
        {
            if (!_sessions.TryGetValue(id, out var current))
            {
                return Task.FromResult(PaymentSessionUpdateResult.NotFound);
            }

            if (current.Status != PaymentSessionStatus.Pending
                || (current.ProviderReference is not null && !string.Equals(current.ProviderReference, providerReference, StringComparison.Ordinal)))
            {
                return Task.FromResult(new PaymentSessionUpdateResult(false, current));
            }

            if (current.ProviderReference is not null && current.CheckoutUrl == checkoutUrl)
            {
                return Task.FromResult(new PaymentSessionUpdateResult(true, current));
            }

            var next = current with { ProviderReference = providerReference, CheckoutUrl = checkoutUrl, Version = current.Version + 1 };
            if (_sessions.TryUpdate(id, next, current))
            {
                return Task.FromResult(new PaymentSessionUpdateResult(true, next));
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The transition names no session, or one of its outbox messages has no key or kind.</exception>
    /// <exception cref="InvalidOperationException">The transition carries outbox messages and this store was created without an outbox.</exception>
    public Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(TryTransition(transition));
    }

    /// <summary><see cref="TryTransitionAsync"/>, synchronously: for a caller that holds the outbox's lock already.</summary>
    internal PaymentSessionUpdateResult TryTransition(PaymentSessionTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        EnsureId(transition.SessionId, nameof(transition));
        PaymentSessionStateMachine.EnsureAllowed(transition.SessionId, transition.From, transition.To);
        if (transition.To == PaymentSessionStatus.Refunded && transition.IssuedRefund is null)
        {
            throw new ArgumentException("A session becomes Refunded only with the refund issued; IssuedRefund is null.", nameof(transition));
        }

        if (transition.Outbox.Count == 0)
        {
            return Transition(transition);
        }

        if (_outbox is null)
        {
            throw new InvalidOperationException(
                $"The transition of session '{transition.SessionId}' carries {transition.Outbox.Count} outbox message(s), but this store was created without an outbox; "
                + "create it with an InMemoryOutboxStore (AddInMemoryStores does).");
        }

        InMemoryOutboxStore.EnsureValid(transition.Outbox, nameof(transition));
        lock (_outbox.Gate)
        {
            var result = Transition(transition);
            if (result.Succeeded)
            {
                _outbox.AddWithTransition(transition.Outbox, transition.At);
            }

            return result;
        }
    }

    private PaymentSessionUpdateResult Transition(PaymentSessionTransition transition)
    {
        while (true)
        {
            if (!_sessions.TryGetValue(transition.SessionId, out var current))
            {
                return PaymentSessionUpdateResult.NotFound;
            }

            if (current.Status != transition.From || (transition.ExpectedVersion is { } expected && expected != current.Version))
            {
                return new PaymentSessionUpdateResult(false, current);
            }

            var next = current with
            {
                Status = transition.To,
                StatusReason = transition.Reason,
                ReservationId = transition.ReservationId ?? current.ReservationId,
                InterviewId = transition.InterviewId ?? current.InterviewId,
                Slot = transition.Rescheduled?.Slot ?? current.Slot,
                SelectedTimeSlot = transition.Rescheduled?.SelectedTimeSlot ?? current.SelectedTimeSlot,
                SelectedDate = transition.Rescheduled?.SelectedDate ?? current.SelectedDate,
                InviteSequence = transition.Rescheduled?.InviteSequence ?? current.InviteSequence,
                Refund = transition.Refund ?? current.Refund,
                ProviderPaymentReference = transition.ProviderPaymentReference ?? current.ProviderPaymentReference,
                IssuedRefund = transition.IssuedRefund ?? current.IssuedRefund,
                UpdatedAt = transition.At,
                Version = current.Version + 1,
            };

            // Fails only when another writer changed the session since the read above; re-read and decide again.
            if (_sessions.TryUpdate(transition.SessionId, next, current))
            {
                Record(new PaymentSessionStatusChange(next.Id, current.Status, next.Status, transition.At, next.Version, transition.Reason, transition.EventId));
                Reindex(current, next.Id);
                return new PaymentSessionUpdateResult(true, next);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (id.IsEmpty || !_history.TryGetValue(id, out var changes))
        {
            return Task.FromResult<IReadOnlyList<PaymentSessionStatusChange>>([]);
        }

        lock (changes)
        {
            // Two writers append after their compare-and-set in either order; the version each change produced is the true order.
            return Task.FromResult<IReadOnlyList<PaymentSessionStatusChange>>(changes.OrderBy(static c => c.Version).ToArray());
        }
    }

    /// <inheritdoc />
    /// <remarks>A scan of every session: fine for one process's sessions, not for millions.</remarks>
    public Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(
        PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<PaymentSession> found = _sessions.Values
            .Where(s => s.Status == status && s.UpdatedAt < changedBefore)
            .OrderBy(static s => s.UpdatedAt)
            .ThenBy(static s => s.Id.Value, StringComparer.Ordinal)
            .Take(maxItems)
            .ToArray();
        return Task.FromResult(found);
    }

    /// <summary>
    /// Walks the sessions whose own state may let retention remove them (<see cref="RetentionRules.IsSessionSettled"/>), least recently changed
    /// first, asking <paramref name="removable"/> for each what would go with it (the session and its rebooking chain, in the order to remove
    /// them, or <see langword="null"/> to keep it), until groups of <paramref name="maxItems"/> sessions are chosen. Stale index entries met on the
    /// way are dropped. Nothing is removed.
    /// </summary>
    internal List<IReadOnlyList<PaymentSession>> ChooseForRetention(
        RetentionCutoffs cutoffs, int maxItems, Func<PaymentSession, IReadOnlyList<PaymentSession>?> removable)
    {
        var chosen = new List<IReadOnlyList<PaymentSession>>();
        var seen = new HashSet<PaymentSessionId>();
        var paidBefore = cutoffs.PaidBefore < cutoffs.FinishedBefore ? cutoffs.PaidBefore : cutoffs.FinishedBefore;
        lock (_indexGate)
        {
            Walk(_closedUnpaid, cutoffs.FinishedBefore);
            Walk(_closedPaid, paidBefore);
        }

        return chosen;

        void Walk(SortedSet<(Instant LastChanged, PaymentSessionId Id)> index, Instant before)
        {
            List<(Instant, PaymentSessionId)>? stale = null;
            foreach (var entry in index)
            {
                if (entry.LastChanged >= before || seen.Count >= maxItems)
                {
                    break;
                }

                if (!_sessions.TryGetValue(entry.Id, out var session) || IndexOf(session) != index || LastChanged(session) != entry.LastChanged)
                {
                    (stale ??= []).Add(entry);
                    continue;
                }

                if (seen.Contains(session.Id) || !RetentionRules.IsSessionSettled(session, cutoffs) || removable(session) is not { } group
                    || group.Any(member => seen.Contains(member.Id)))
                {
                    continue;
                }

                // A chain is never split: one that does not fit what is left of the batch waits for the next (alone, it may exceed it).
                if (seen.Count > 0 && seen.Count + group.Count > maxItems)
                {
                    continue;
                }

                chosen.Add(group);
                foreach (var member in group)
                {
                    seen.Add(member.Id);
                }
            }

            stale?.ForEach(entry => index.Remove(entry));
        }
    }

    /// <summary>The session as stored now, or <see langword="null"/>.</summary>
    internal PaymentSession? Peek(PaymentSessionId id) => _sessions.GetValueOrDefault(id);

    /// <summary>
    /// Removes the session, its trail, its idempotency key and its index entry, when it is still exactly <paramref name="expected"/>: a change
    /// made since (a compare-and-set that won) keeps it, and a change attempted after fails as for a session that does not exist.
    /// </summary>
    internal bool TryRemove(PaymentSession expected)
    {
        if (!_sessions.TryRemove(new KeyValuePair<PaymentSessionId, PaymentSession>(expected.Id, expected)))
        {
            return false;
        }

        _history.TryRemove(expected.Id, out _);
        if (expected.IdempotencyKey is { } key)
        {
            _idempotencyKeys.TryRemove(new KeyValuePair<(CandidateId, string), PaymentSessionId>((expected.CandidateId, key), expected.Id));
        }

        lock (_indexGate)
        {
            IndexOf(expected)?.Remove((LastChanged(expected), expected.Id));
        }

        return true;
    }

    // Called after a change won its compare-and-set: the entry of the state it replaced goes, and the state stored now (read under the
    // lock, so of two racing writers the last to get here indexes the latest state) gets one if retention may one day remove it.
    private void Reindex(PaymentSession? before, PaymentSessionId id)
    {
        lock (_indexGate)
        {
            if (before is not null)
            {
                IndexOf(before)?.Remove((LastChanged(before), before.Id));
            }

            if (_sessions.TryGetValue(id, out var now))
            {
                IndexOf(now)?.Add((LastChanged(now), now.Id));
            }
        }
    }

    private SortedSet<(Instant LastChanged, PaymentSessionId Id)>? IndexOf(PaymentSession session) => session.Status switch
    {
        PaymentSessionStatus.Expired or PaymentSessionStatus.Canceled or PaymentSessionStatus.Failed => _closedUnpaid,
        PaymentSessionStatus.Refunded or PaymentSessionStatus.Booked or PaymentSessionStatus.BookingCanceled or PaymentSessionStatus.Rebooked => _closedPaid,
        _ => null,
    };

    private static Instant LastChanged(PaymentSession session) => session.UpdatedAt > session.CreatedAt ? session.UpdatedAt : session.CreatedAt;

    private void Record(PaymentSessionStatusChange change)
    {
        var changes = _history.GetOrAdd(change.SessionId, static _ => []);
        lock (changes)
        {
            changes.Add(change);
        }
    }

    private static void EnsureKey(CandidateId candidateId, string idempotencyKey)
    {
        if (candidateId.IsEmpty)
        {
            throw new ArgumentException("A candidate id is required.", nameof(candidateId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
    }

    private static void EnsureId(PaymentSessionId id, string paramName)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", paramName);
        }
    }

    private sealed class RetentionOrder : IComparer<(Instant LastChanged, PaymentSessionId Id)>
    {
        public static readonly RetentionOrder Instance = new();

        public int Compare((Instant LastChanged, PaymentSessionId Id) x, (Instant LastChanged, PaymentSessionId Id) y)
        {
            var byTime = x.LastChanged.CompareTo(y.LastChanged);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id.Value, y.Id.Value);
        }
    }
}
