namespace InterviewBooking.Benchmarks;

/// <summary>A reservation store that counts the reads a search makes (queries, interviewers asked for, reservations answered).</summary>
internal sealed class CountingReservationStore(IReservationStore inner) : IReservationStore
{
    public int Queries { get; private set; }

    public long InterviewersAsked { get; private set; }

    public long ReservationsRead { get; private set; }

    public void Reset() => (Queries, InterviewersAsked, ReservationsRead) = (0, 0, 0);

    public async Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default)
    {
        var active = await inner.GetActiveAsync(interviewerIds, window, cancellationToken).ConfigureAwait(false);
        Queries++;
        InterviewersAsked += interviewerIds.Count;
        ReservationsRead += active.Count;
        return active;
    }

    public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default) => inner.TryHoldAsync(request, cancellationToken);

    public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryConfirmAsync(id, owner, cancellationToken);

    public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryReleaseAsync(id, owner, cancellationToken);

    public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryCancelAsync(id, owner, cancellationToken);

    public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(id, cancellationToken);
}
