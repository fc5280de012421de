using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// The in-memory <see cref="IInterviewScheduler"/>: the default <see cref="InterviewScheduler"/> over an <see cref="InMemoryInterviewStore"/>,
/// with what tests and samples need on top: the interviews made, call counts, and failures on demand. Idempotent by
/// <see cref="InterviewScheduleRequest.IdempotencyKey"/>: concurrent calls with one key create exactly one interview and all get it back.
/// </summary>
public sealed class RecordingInterviewScheduler : IInterviewScheduler
{
    private readonly InMemoryInterviewStore _store;
    private readonly InterviewScheduler _scheduler;
    private readonly ConcurrentDictionary<string, int> _callsByKey = new(StringComparer.Ordinal);
    private readonly FailureCountdown _failures = new();
    private int _calls;

    /// <summary>Creates the scheduler over its own store, with no meeting links (interviews say "link pending").</summary>
    /// <param name="clock">Stamps <see cref="ScheduledInterview.ScheduledAt"/>.</param>
    public RecordingInterviewScheduler(IClock clock)
        : this(new InMemoryInterviewStore(), NoMeetingLinks.Instance, clock)
    {
    }

    /// <summary>Creates the scheduler.</summary>
    /// <param name="store">Where the interviews are kept.</param>
    /// <param name="links">Makes each interview's meeting link.</param>
    /// <param name="clock">Stamps <see cref="ScheduledInterview.ScheduledAt"/>.</param>
    public RecordingInterviewScheduler(InMemoryInterviewStore store, IMeetingLinkProvider links, IClock clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _scheduler = new InterviewScheduler(store, links, clock);
    }

    /// <summary>The interviews as they are now, in creation order (a snapshot): one per idempotency key.</summary>
    public IReadOnlyList<ScheduledInterview> Interviews => _store.Interviews;

    /// <summary>How many times <see cref="ScheduleAsync"/> was called, repeats and failures included.</summary>
    public int CallCount => Volatile.Read(ref _calls);

    /// <summary>How many interviews were created under an idempotency key: 0 or 1, by construction.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public int CountFor(string idempotencyKey) => Find(idempotencyKey) is null ? 0 : 1;

    /// <summary>How many times <see cref="ScheduleAsync"/> was called with an idempotency key, repeats and failures included.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public int CallCountFor(string idempotencyKey) =>
        idempotencyKey is not null && _callsByKey.TryGetValue(idempotencyKey, out var calls) ? calls : 0;

    /// <summary>The interview created under an idempotency key, or <see langword="null"/>.</summary>
    /// <param name="idempotencyKey">The key (a payment session id).</param>
    public ScheduledInterview? Find(string idempotencyKey) =>
        _store.Find(idempotencyKey);

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

        return _scheduler.ScheduleAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
        _scheduler.RescheduleAsync(id, slot, reservationId, cancellationToken);

    /// <inheritdoc />
    public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        _scheduler.CancelAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<ScheduledInterview> CancelByAsync(InterviewId id, InterviewParty canceledBy, bool isLate, string? reason, CancellationToken cancellationToken = default) =>
        _scheduler.CancelByAsync(id, canceledBy, isLate, reason, cancellationToken);

    private sealed class NoMeetingLinks : IMeetingLinkProvider
    {
        public static readonly NoMeetingLinks Instance = new();

        public ValueTask<Uri?> CreateLinkAsync(InterviewId interviewId, InterviewScheduleRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Uri?>(null);
    }
}
