namespace InterviewBooking;

/// <summary>
/// The default <see cref="IInterviewScheduler"/>: creates the interview (both parties, slot, plan, add-ons, a meeting link from
/// <see cref="IMeetingLinkProvider"/>) in an <see cref="IInterviewStore"/>, one per idempotency key; moves and cancels it with
/// compare-and-set on its <see cref="ScheduledInterview.Sequence"/>.
/// </summary>
public sealed class InterviewScheduler : IInterviewScheduler
{
    // Bounds re-reads after losing a compare-and-set; each loss means another writer moved the interview on.
    private const int MaxCompareAndSetRounds = 8;

    private readonly IInterviewStore _store;
    private readonly IMeetingLinkProvider _links;
    private readonly IClock _clock;

    /// <summary>Creates the scheduler.</summary>
    public InterviewScheduler(IInterviewStore store, IMeetingLinkProvider links, IClock clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _links = links ?? throw new ArgumentNullException(nameof(links));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's idempotency key is blank.</exception>
    public async Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new ArgumentException($"An interview needs an idempotency key; IdempotencyKey is \"{request.IdempotencyKey}\".", nameof(request));
        }

        var existing = await _store.FindByKeyAsync(request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        return existing ?? await ScheduleNewAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Schedules without looking the key up first, for a caller that knows no interview has it (a session claimed for the first time in the
    /// transaction that marked it paid: only a claim holder schedules). The store still keeps one interview per key.
    /// </summary>
    internal async Task<ScheduledInterview> ScheduleNewAsync(InterviewScheduleRequest request, CancellationToken cancellationToken) =>
        await StoreAsync(await BuildAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Makes the interview (a new id, its meeting link, stamped now) without storing it, for <see cref="IBookingCompletionStore"/>.</summary>
    /// <exception cref="ArgumentException">The request's idempotency key is blank.</exception>
    internal async Task<ScheduledInterview> BuildAsync(InterviewScheduleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new ArgumentException($"An interview needs an idempotency key; IdempotencyKey is \"{request.IdempotencyKey}\".", nameof(request));
        }

        var id = InterviewId.New();
        var link = await _links.CreateLinkAsync(id, request, cancellationToken).ConfigureAwait(false);
        return new ScheduledInterview(id, request, _clock.GetCurrentInstant()) { MeetingLink = link };
    }

    /// <summary>Stores an interview <see cref="BuildAsync"/> made; of racing calls with one key the store keeps the first, and every caller gets that one.</summary>
    internal Task<ScheduledInterview> StoreAsync(ScheduledInterview interview, CancellationToken cancellationToken) =>
        _store.AddOrGetAsync(interview, cancellationToken);

    /// <inheritdoc />
    public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            id,
            current =>
            {
                if (current.Status != InterviewStatus.Scheduled)
                {
                    throw new InterviewBookingException($"Interview '{id}' is {current.Status}; it cannot be rescheduled.");
                }

                return current.Slot == slot && current.ReservationId == reservationId
                    ? null
                    : current with { Slot = slot, ReservationId = reservationId, Sequence = current.Sequence + 1 };
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        CancelCoreAsync(id, null, false, null, cancellationToken);

    /// <inheritdoc />
    public Task<ScheduledInterview> CancelByAsync(InterviewId id, InterviewParty canceledBy, bool isLate, string? reason, CancellationToken cancellationToken = default) =>
        CancelCoreAsync(id, canceledBy, isLate, reason, cancellationToken);

    // A lifecycle transition (with its audit entry) that also raises the invite's revision; canceling what is canceled is a no-op.
    private async Task<ScheduledInterview> CancelCoreAsync(InterviewId id, InterviewParty? canceledBy, bool isLate, string? reason, CancellationToken cancellationToken)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("An interview id is required.", nameof(id));
        }

        var current = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < MaxCompareAndSetRounds; round++)
        {
            if (current is null)
            {
                throw new InterviewNotFoundException(id);
            }

            if (current.Status == InterviewStatus.Canceled)
            {
                return current;
            }

            InterviewStateMachine.EnsureAllowed(id, current.Status, InterviewStatus.Canceled);
            var result = await _store.TryTransitionAsync(
                new InterviewTransition(id, current.Status, InterviewStatus.Canceled, _clock.GetCurrentInstant())
                {
                    ExpectedVersion = current.Version,
                    By = canceledBy,
                    IsLateCancellation = isLate,
                    Reason = reason,
                    Sequence = current.Sequence + 1,
                },
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return result.Interview!;
            }

            current = result.Interview;
        }

        throw new InterviewBookingException($"Interview '{id}' kept changing under concurrent writers; try again.");
    }

    // change returns null when the interview already is as asked (the call is then a no-op).
    private async Task<ScheduledInterview> ChangeAsync(InterviewId id, Func<ScheduledInterview, ScheduledInterview?> change, CancellationToken cancellationToken)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("An interview id is required.", nameof(id));
        }

        var current = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < MaxCompareAndSetRounds; round++)
        {
            if (current is null)
            {
                throw new InterviewNotFoundException(id);
            }

            var next = change(current);
            if (next is null)
            {
                return current;
            }

            var (updated, now) = await _store.TryUpdateAsync(next, current.Sequence, cancellationToken).ConfigureAwait(false);
            if (updated)
            {
                return now!;
            }

            current = now;
        }

        throw new InterviewBookingException($"Interview '{id}' kept changing under concurrent writers; try again.");
    }
}
