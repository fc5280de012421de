using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>A thread-safe <see cref="IInterviewStore"/> for one process: one interview per idempotency key, changes by compare-and-set on the sequence.</summary>
public sealed class InMemoryInterviewStore : IInterviewStore
{
    private readonly ConcurrentDictionary<string, InterviewId> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InterviewId, ScheduledInterview> _byId = new();
    private readonly ConcurrentQueue<InterviewId> _order = new();

    /// <summary>The interviews as they are now, in creation order (a snapshot).</summary>
    public IReadOnlyList<ScheduledInterview> Interviews => [.. _order.Select(id => _byId[id])];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The interview's idempotency key is blank.</exception>
    public Task<ScheduledInterview> AddOrGetAsync(ScheduledInterview interview, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interview);
        var key = interview.Request.IdempotencyKey;
        ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(interview));
        cancellationToken.ThrowIfCancellationRequested();

        // Publish by id before the key, so whoever wins the key finds the interview by id.
        lock (_order)
        {
            if (_byKey.TryGetValue(key, out var existing))
            {
                return Task.FromResult(_byId[existing]);
            }

            _byId[interview.Id] = interview;
            _byKey[key] = interview.Id;
            _order.Enqueue(interview.Id);
            return Task.FromResult(interview);
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
        while (_byId.TryGetValue(interview.Id, out var current))
        {
            if (current.Sequence != expectedSequence)
            {
                return Task.FromResult<(bool, ScheduledInterview?)>((false, current));
            }

            if (_byId.TryUpdate(interview.Id, interview, current))
            {
                return Task.FromResult<(bool, ScheduledInterview?)>((true, interview));
            }
        }

        return Task.FromResult<(bool, ScheduledInterview?)>((false, null));
    }
}
