namespace InterviewBooking;

/// <summary>The result of <see cref="IReservationStore.TryHoldAsync"/>: the hold, or which rule refused it.</summary>
public sealed record HoldResult
{
    private HoldResult(Reservation? reservation, HoldRefusal? refusal, ReservationId? conflictingReservationId)
    {
        Reservation = reservation;
        Refusal = refusal;
        ConflictingReservationId = conflictingReservationId;
    }

    /// <summary>Whether the slot is now held.</summary>
    public bool Succeeded => Reservation is not null;

    /// <summary>The hold, when it succeeded.</summary>
    public Reservation? Reservation { get; }

    /// <summary>Which rule refused the hold; <see langword="null"/> when it succeeded.</summary>
    public HoldRefusal? Refusal { get; }

    /// <summary>
    /// An active reservation that overlaps the slot (<see cref="HoldRefusal.SlotTaken"/>) or lies inside the buffers
    /// (<see cref="HoldRefusal.Buffer"/>), when the hold failed (where the store can tell).
    /// </summary>
    public ReservationId? ConflictingReservationId { get; }

    /// <summary>The slot was held.</summary>
    public static HoldResult Held(Reservation reservation) => new(reservation ?? throw new ArgumentNullException(nameof(reservation)), null, null);

    /// <summary>The slot is taken: <see cref="HoldRefusal.SlotTaken"/>.</summary>
    public static HoldResult Conflict(ReservationId? conflictingReservationId) => new(null, HoldRefusal.SlotTaken, conflictingReservationId);

    /// <summary>A rule refused the hold.</summary>
    /// <param name="refusal">Which rule.</param>
    /// <param name="conflictingReservationId">The reservation in the way, for <see cref="HoldRefusal.SlotTaken"/> and <see cref="HoldRefusal.Buffer"/>.</param>
    public static HoldResult Refused(HoldRefusal refusal, ReservationId? conflictingReservationId = null) => new(null, refusal, conflictingReservationId);
}
