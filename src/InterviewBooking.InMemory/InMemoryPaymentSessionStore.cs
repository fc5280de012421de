using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IPaymentSessionStore"/> for one process. Every change is a lock-free compare-and-set on the stored record
/// (<see cref="ConcurrentDictionary{TKey, TValue}.TryUpdate"/>): since every change increments <see cref="PaymentSession.Version"/>,
/// a record equal to the one read means nobody wrote in between, so no update is ever lost. Idempotency keys are claimed per
/// (candidate, key) right after the session is added (and the session taken out again when the key is taken), so of two creates with one
/// key exactly one is kept. A change that carries outbox messages
/// (<see cref="PaymentSessionTransition.Outbox"/>) makes its compare-and-set and stores the messages under the outbox's lock: the messages
/// exist exactly when the change does.
/// </summary>
public sealed class InMemoryPaymentSessionStore : IPaymentSessionStore
{
    private readonly ConcurrentDictionary<PaymentSessionId, PaymentSession> _sessions = new();
    private readonly ConcurrentDictionary<PaymentSessionId, List<PaymentSessionStatusChange>> _history = new();
    private readonly ConcurrentDictionary<(CandidateId Candidate, string Key), PaymentSessionId> _idempotencyKeys = new();
    private readonly InMemoryOutboxStore? _outbox;

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
        ArgumentNullException.ThrowIfNull(transition);
        EnsureId(transition.SessionId, nameof(transition));
        PaymentSessionStateMachine.EnsureAllowed(transition.SessionId, transition.From, transition.To);
        if (transition.To == PaymentSessionStatus.Refunded && transition.IssuedRefund is null)
        {
            throw new ArgumentException("A session becomes Refunded only with the refund issued; IssuedRefund is null.", nameof(transition));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (transition.Outbox.Count == 0)
        {
            return Task.FromResult(Transition(transition));
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

            return Task.FromResult(result);
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
}
