namespace InterviewBooking.Benchmarks;

/// <summary>
/// A reservation store that hands every call to another and lets a subclass see each active-reservations read and what it answered;
/// the benchmarks use it to count or record the reads a match or a search makes.
/// </summary>
internal abstract class ObservedReservationStore(IReservationStore inner) : IReservationStore
{
    public async Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default)
    {
        var active = await inner.GetActiveAsync(interviewerIds, window, cancellationToken).ConfigureAwait(false);
        Observe(interviewerIds, window, active.Count);
        return active;
    }

    public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default) => inner.TryHoldAsync(request, cancellationToken);

    public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryConfirmAsync(id, owner, cancellationToken);

    public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryReleaseAsync(id, owner, cancellationToken);

    public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryCancelAsync(id, owner, cancellationToken);

    public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(id, cancellationToken);

    /// <summary>One read of the active reservations: the interviewers asked for, the window, how many reservations came back.</summary>
    protected abstract void Observe(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, int answered);
}
