using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// An <see cref="IInterviewScheduler"/> that records interviews instead of creating them anywhere. Idempotent by
/// <see cref="InterviewScheduleRequest.IdempotencyKey"/>: concurrent calls with one key create exactly one interview and all get it back.
/// </summary>
public sealed class RecordingInterviewScheduler : IInterviewScheduler
{
    private readonly IClock _clock;
    private readonly ConcurrentDictionary<string, Lazy<ScheduledInterview>> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _callsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ScheduledInterview> _interviews = new();
    private readonly FailureCountdown _failures = new();
    private int _calls;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="clock">Stamps <see cref="ScheduledInterview.ScheduledAt"/>.</param>
    public RecordingInterviewScheduler(IClock clock) => _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>The interviews created, in creation order (a snapshot): one per idempotency key.</summary>
    public IReadOnlyList<ScheduledInterview> Interviews => [.. _interviews];

    /// <summary>How many times <see cref="ScheduleAsync"/> was called, repeats and failures included.</summary>
    public int CallCount => Volatile.Read(ref _calls);

    /// <summary>How many interviews were created under an idempotency key: 0 or 1, by construction.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public int CountFor(string idempotencyKey) =>
        idempotencyKey is not null && _byKey.TryGetValue(idempotencyKey, out var entry) && entry.IsValueCreated ? 1 : 0;

    /// <summary>How many times <see cref="ScheduleAsync"/> was called with an idempotency key, repeats and failures included.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public int CallCountFor(string idempotencyKey) =>
        idempotencyKey is not null && _callsByKey.TryGetValue(idempotencyKey, out var calls) ? calls : 0;

    /// <summary>The interview created under an idempotency key, or <see langword="null"/>.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public ScheduledInterview? Find(string idempotencyKey) =>
        idempotencyKey is not null && _byKey.TryGetValue(idempotencyKey, out var entry) && entry.IsValueCreated ? entry.Value : null;

    /// <summary>Makes the next <paramref name="count"/> calls of <see cref="ScheduleAsync"/> throw <see cref="SimulatedFailureException"/> before scheduling anything (0 stops failing).</summary>
    /// <param name="count">How many calls fail.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void FailNextSchedules(int count) => _failures.Set(count);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request's idempotency key is blank.</exception>
    /// <exception cref="SimulatedFailureException">The scheduler was told to fail this call (<see cref="FailNextSchedules"/>).</exception>
    public Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new ArgumentException($"An interview needs an idempotency key; IdempotencyKey is \"{request.IdempotencyKey}\".", nameof(request));
        }

        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        _callsByKey.AddOrUpdate(request.IdempotencyKey, 1, static (_, calls) => calls + 1);
        if (_failures.TryTake())
        {
            throw new SimulatedFailureException($"Simulated failure scheduling the interview for key '{request.IdempotencyKey}'.");
        }

        // Many Lazy instances may be offered under a race, but only the stored one is ever evaluated, and only once.
        var entry = _byKey.GetOrAdd(
            request.IdempotencyKey,
            static (_, state) => new Lazy<ScheduledInterview>(
                () => state.Scheduler.Create(state.Request), LazyThreadSafetyMode.ExecutionAndPublication),
            (Scheduler: this, Request: request));
        return Task.FromResult(entry.Value);
    }

    private ScheduledInterview Create(InterviewScheduleRequest request)
    {
        var interview = new ScheduledInterview(InterviewId.New(), request, _clock.GetCurrentInstant());
        _interviews.Enqueue(interview);
        return interview;
    }
}
