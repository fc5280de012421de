namespace InterviewBooking;

/// <summary>The result of <see cref="IReservationStore.TryHoldAsync"/>: the hold, or the reservation that already blocks the slot.</summary>
public sealed record HoldResult
{
    private HoldResult(Reservation? reservation, ReservationId? conflictingReservationId)
    {
        Reservation = reservation;
        ConflictingReservationId = conflictingReservationId;
    }

    /// <summary>Whether the slot is now held.</summary>
    public bool Succeeded => Reservation is not null;

    /// <summary>The hold, when it succeeded.</summary>
    public Reservation? Reservation { get; }

    /// <summary>An active reservation that overlaps the slot, when the hold failed (where the store can tell).</summary>
    public ReservationId? ConflictingReservationId { get; }

    /// <summary>The slot was held.</summary>
    public static HoldResult Held(Reservation reservation) => new(reservation ?? throw new ArgumentNullException(nameof(reservation)), null);

    /// <summary>The slot is taken.</summary>
    public static HoldResult Conflict(ReservationId? conflictingReservationId) => new(null, conflictingReservationId);
}
