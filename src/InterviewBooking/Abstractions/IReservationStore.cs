namespace InterviewBooking;

/// <summary>
/// Holds and confirms interviewers' slots. No two active reservations of one interviewer ever overlap, whatever the concurrency:
/// the store itself enforces it (a lock, a database constraint), never the caller. The same holds for the rules a hold carries, decided
/// in the same atomic step: no two active reservations of one interviewer have overlapping occupied spans (<see cref="Reservation.Occupied"/>,
/// the slot widened by the buffers it was held with), no more than <see cref="HoldRules.MaxPerDay"/> start on one local day, no candidate has
/// more than <see cref="HoldRequest.MaxActiveCandidateHolds"/> active holds, and a coupon never has more uses than its limit.
/// Slots are half-open, so slots that only touch do not conflict. "Active" follows the store's injected clock
/// (<see cref="Reservation.IsActiveAt"/>).
/// </summary>
public interface IReservationStore
{
    /// <summary>
    /// Holds the slot unless an active reservation of the interviewer overlaps it, or a rule of the request refuses it
    /// (<see cref="HoldResult.Refusal"/> says which). A repeated hold by the same owner of the same interviewer and slot returns the existing active hold.
    /// </summary>
    Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a reservation, or <see langword="null"/> when there is none.</summary>
    Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default);

    /// <summary>Confirms an active hold for its owner (idempotent once confirmed). A hold whose time ran out becomes <see cref="ReservationStatus.Expired"/> instead.</summary>
    Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default);

    /// <summary>Releases a hold for its owner (idempotent; a hold that already expired stays expired). A confirmed reservation is not released.</summary>
    Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a reservation for its owner, confirmed or held: it becomes <see cref="ReservationStatus.Released"/> and stops blocking the slot
    /// (a booked interview canceled or moved). Idempotent; a hold that already expired stays expired.
    /// </summary>
    Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// The reservation's audit trail, oldest first: the hold (<see cref="ReservationStatusChange.From"/> <see langword="null"/>), then every change
    /// of its stored status (confirmed, released, expired) with a reason from <see cref="ReservationChangeReasons"/>. Empty for an unknown reservation.
    /// </summary>
    Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default);

    /// <summary>The active reservations of the given interviewers that overlap <paramref name="window"/>, ordered by interviewer then start.</summary>
    Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default);

    /// <summary>
    /// The slots of the reservations <see cref="GetActiveAsync"/> returns for the same arguments, without the rest of each reservation (what a
    /// match reads): each interviewer's together, by start.
    /// </summary>
    /// <remarks>
    /// This default calls <see cref="GetActiveAsync"/> and reads each slot off its reservation as it is asked for (no copy); a store that can read
    /// less does (the PostgreSQL store).
    /// </remarks>
    async Task<IReadOnlyList<ReservedSlot>> GetActiveSlotsAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default) =>
        new ReservedSlotsOf(await GetActiveAsync(interviewerIds, window, cancellationToken).ConfigureAwait(false));
}
