using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IInterviewStore"/> for one process: one interview per idempotency key; changes by compare-and-set (on the
/// sequence for <see cref="TryUpdateAsync"/>, on the status and version for <see cref="TryTransitionAsync"/>). A transition's audit entry
/// and outbox messages are written under the same lock as the change (the outbox's lock, when the store has an outbox), so they exist
/// exactly when it does.
/// </summary>
public sealed class InMemoryInterviewStore : IInterviewStore
{
    private readonly ConcurrentDictionary<string, InterviewId> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InterviewId, ScheduledInterview> _byId = new();
    private readonly ConcurrentDictionary<InterviewId, List<InterviewStatusChange>> _history = new();
    private readonly ConcurrentDictionary<InterviewId, long> _order = new();
    private readonly Dictionary<InterviewerId, RetainedReliability> _retained = [];
    private long _created;
    private readonly InMemoryOutboxStore? _outbox;
    private readonly Lock _gate;

    /// <summary>Creates a store without an outbox: a transition that carries outbox messages is refused.</summary>
    public InMemoryInterviewStore()
    {
        _gate = new Lock();
    }

    /// <summary>Creates a store whose transitions store their outbox messages in <paramref name="outbox"/>, atomically with the change.</summary>
    /// <param name="outbox">The outbox the worker drains.</param>
    public InMemoryInterviewStore(InMemoryOutboxStore outbox)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _gate = outbox.Gate;
    }

    /// <summary>The interviews as they are now, in creation order (a snapshot).</summary>
    public IReadOnlyList<ScheduledInterview> Interviews =>
        [.. _order.OrderBy(static entry => entry.Value).Select(entry => _byId.GetValueOrDefault(entry.Key)).OfType<ScheduledInterview>()];

    /// <summary>The interview with that id as stored now, or <see langword="null"/>.</summary>
    internal ScheduledInterview? Peek(InterviewId id) => _byId.GetValueOrDefault(id);

    /// <summary>The outbox whose lock is <see cref="Gate"/>, or <see langword="null"/>.</summary>
    internal InMemoryOutboxStore? Outbox => _outbox;

    /// <summary>The lock every change of an interview holds (the outbox's, when the store has one).</summary>
    internal Lock Gate => _gate;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The interview's idempotency key is blank.</exception>
    public Task<ScheduledInterview> AddOrGetAsync(ScheduledInterview interview, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interview);
        var key = interview.Request.IdempotencyKey;
        ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(interview));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(AddOrGet(interview));
    }

    /// <summary><see cref="AddOrGetAsync"/> of a validated interview, synchronously: for a caller that holds <see cref="Gate"/> already.</summary>
    internal ScheduledInterview AddOrGet(ScheduledInterview interview)
    {
        var key = interview.Request.IdempotencyKey;

        // Publish by id before the key, so whoever wins the key finds the interview by id.
        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var existing))
            {
                return _byId[existing];
            }

            var stored = interview with { Version = 1 };
            _byId[stored.Id] = stored;
            _byKey[key] = stored.Id;
            _order[stored.Id] = ++_created;
            _history[stored.Id] = [new InterviewStatusChange(stored.Id, null, stored.Status, stored.ScheduledAt, stored.Version, null, null)];
            return stored;
        }
    }

    /// <inheritdoc />
    public Task<ScheduledInterview?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(idempotencyKey));
    }

    /// <summary>The interview stored under an idempotency key, or <see langword="null"/>.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public ScheduledInterview? Find(string idempotencyKey) =>
        idempotencyKey is not null && _byKey.TryGetValue(idempotencyKey, out var id) ? _byId[id] : null;

    /// <inheritdoc />
    public Task<ScheduledInterview?> GetAsync(InterviewId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(!id.IsEmpty && _byId.TryGetValue(id, out var interview) ? interview : null);
    }

    /// <inheritdoc />
    public Task<(bool Updated, ScheduledInterview? Current)> TryUpdateAsync(ScheduledInterview interview, int expectedSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interview);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byId.TryGetValue(interview.Id, out var current))
            {
                return Task.FromResult<(bool, ScheduledInterview?)>((false, null));
            }

            if (current.Sequence != expectedSequence)
            {
                return Task.FromResult<(bool, ScheduledInterview?)>((false, current));
            }

            // The lifecycle is the transitions' own (with its audit trail): an update moves the slot, reservation, link and revision only.
            var next = interview with
            {
                Version = current.Version + 1,
                Status = current.Status,
                CanceledBy = current.CanceledBy,
                EndedAt = current.EndedAt,
                IsLateCancellation = current.IsLateCancellation,
                Feedback = current.Feedback,
                Rating = current.Rating,
            };
            _byId[interview.Id] = next;
            return Task.FromResult<(bool, ScheduledInterview?)>((true, next));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">One of the transition's outbox messages has no key or kind.</exception>
    /// <exception cref="InvalidOperationException">The transition carries outbox messages and this store was created without an outbox.</exception>
    public Task<InterviewUpdateResult> TryTransitionAsync(InterviewTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        InterviewStateMachine.EnsureAllowed(transition.InterviewId, transition.From, transition.To);
        cancellationToken.ThrowIfCancellationRequested();
        if (transition.Outbox.Count > 0)
        {
            if (_outbox is null)
            {
                throw new InvalidOperationException(
                    $"The transition of interview '{transition.InterviewId}' carries {transition.Outbox.Count} outbox message(s), but this store was created without an outbox; "
                    + "create it with an InMemoryOutboxStore (AddInMemoryStores does).");
            }

            InMemoryOutboxStore.EnsureValid(transition.Outbox, nameof(transition));
        }

        lock (_gate)
        {
            if (transition.InterviewId.IsEmpty || !_byId.TryGetValue(transition.InterviewId, out var current))
            {
                return Task.FromResult(new InterviewUpdateResult(false, null));
            }

            if (current.Status != transition.From || (transition.ExpectedVersion is { } expected && expected != current.Version))
            {
                return Task.FromResult(new InterviewUpdateResult(false, current));
            }

            var next = Apply(current, transition);
            _byId[current.Id] = next;
            _history[current.Id].Add(new InterviewStatusChange(current.Id, current.Status, next.Status, transition.At, next.Version, transition.By, transition.Reason));
            if (transition.Outbox.Count > 0)
            {
                _outbox!.AddWithTransition(transition.Outbox, transition.At);
            }

            return Task.FromResult(new InterviewUpdateResult(true, next));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InterviewStatusChange>> GetHistoryAsync(InterviewId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<InterviewStatusChange> trail = !id.IsEmpty && _history.TryGetValue(id, out var entries) ? [.. entries] : [];
            return Task.FromResult(trail);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Counts by scanning the interviews, plus the totals of those retention removed: for tests, samples and one process, not for a large
    /// marketplace.
    /// </remarks>
    public Task<IReadOnlyDictionary<InterviewerId, InterviewerReliability>> GetReliabilityAsync(
        IReadOnlyCollection<InterviewerId> interviewerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interviewerIds);
        cancellationToken.ThrowIfCancellationRequested();
        var wanted = interviewerIds.ToHashSet();
        var totals = new Dictionary<InterviewerId, RetainedReliability>();
        lock (_gate)
        {
            // Under the lock, so an interview retention moves into the totals is counted once.
            foreach (var id in wanted)
            {
                if (_retained.TryGetValue(id, out var retained))
                {
                    totals[id] = retained;
                }
            }

            foreach (var interview in _byId.Values)
            {
                if (wanted.Contains(interview.InterviewerId))
                {
                    totals[interview.InterviewerId] = totals.GetValueOrDefault(interview.InterviewerId).Add(interview);
                }
            }
        }

        var result = wanted.ToDictionary(static id => id, InterviewerReliability.None);
        foreach (var (id, total) in totals)
        {
            result[id] = total.ToReliability(id);
        }

        return Task.FromResult<IReadOnlyDictionary<InterviewerId, InterviewerReliability>>(result);
    }

    /// <summary>
    /// Removes an interview retention lets go (with its trail and key), folding what reliability counts into the interviewer's totals; the
    /// caller holds <see cref="Gate"/>.
    /// </summary>
    internal void RemoveRetained(ScheduledInterview interview)
    {
        if (!_byId.TryRemove(interview.Id, out var current))
        {
            return;
        }

        _retained[current.InterviewerId] = _retained.GetValueOrDefault(current.InterviewerId).Add(current);
        _history.TryRemove(current.Id, out _);
        _byKey.TryRemove(new KeyValuePair<string, InterviewId>(current.Request.IdempotencyKey, current.Id));
        _order.TryRemove(current.Id, out _);
    }

    private static ScheduledInterview Apply(ScheduledInterview current, InterviewTransition transition)
    {
        var ending = current.Status == InterviewStatus.Scheduled;
        return current with
        {
            Status = transition.To,
            Version = current.Version + 1,
            EndedAt = ending ? transition.At : current.EndedAt,
            CanceledBy = transition.To == InterviewStatus.Canceled ? transition.By : current.CanceledBy,
            IsLateCancellation = transition.To == InterviewStatus.Canceled ? transition.IsLateCancellation : current.IsLateCancellation,
            Sequence = transition.Sequence ?? current.Sequence,
            Feedback = transition.Feedback ?? current.Feedback,
            Rating = transition.Rating ?? current.Rating,
        };
    }

    /// <summary>What reliability counts of an interviewer's interviews: those stored, or those retention removed.</summary>
    private readonly record struct RetainedReliability(int NoShows, int LateCancellations, int Attended, int Ratings, long Stars)
    {
        public RetainedReliability Add(ScheduledInterview interview) => new(
            NoShows + (interview.Status == InterviewStatus.InterviewerNoShow ? 1 : 0),
            LateCancellations + (interview.Status == InterviewStatus.Canceled && interview.CanceledBy == InterviewParty.Interviewer && interview.IsLateCancellation ? 1 : 0),
            Attended + (interview.Status is InterviewStatus.Completed or InterviewStatus.CandidateNoShow ? 1 : 0),
            Ratings + (interview.Rating is null ? 0 : 1),
            Stars + (interview.Rating?.Stars ?? 0));

        public InterviewerReliability ToReliability(InterviewerId id) =>
            new(id, NoShows, LateCancellations, Ratings, Ratings == 0 ? null : (double)Stars / Ratings) { Attended = Attended };
    }
}
