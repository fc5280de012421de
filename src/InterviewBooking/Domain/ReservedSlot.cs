namespace InterviewBooking;

/// <summary>
/// An active reservation as a match weighs it (<see cref="IReservationStore.GetActiveSlotsAsync"/>): whose time it is, the slot, and until when
/// a hold lasts; the rest of the <see cref="Reservation"/> is not read.
/// </summary>
/// <param name="InterviewerId">The interviewer whose time is reserved.</param>
/// <param name="Slot">The reserved time, half-open (<see cref="Reservation.Slot"/>).</param>
/// <param name="HeldUntil">When a hold stops blocking the slot (<see cref="Reservation.HeldUntil"/>); <see langword="null"/> for a confirmed reservation.</param>
public readonly record struct ReservedSlot(InterviewerId InterviewerId, Interval Slot, Instant? HeldUntil)
{
    /// <summary>
    /// The slot of <paramref name="reservation"/>: held until its <see cref="Reservation.HeldUntil"/>, never ending when confirmed, and over
    /// before any instant when released or expired (<see cref="IsActiveAt"/> then false, as the reservation's own).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="reservation"/> is <see langword="null"/>.</exception>
    public static ReservedSlot Of(Reservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(reservation.InterviewerId, reservation.Slot, reservation.Status switch
        {
            ReservationStatus.Confirmed => null,
            ReservationStatus.Held => reservation.HeldUntil,
            _ => Instant.MinValue,
        });
    }

    /// <summary>Whether the reservation still blocks the slot at <paramref name="now"/>, as <see cref="Reservation.IsActiveAt"/> of an active reservation.</summary>
    public bool IsActiveAt(Instant now) => HeldUntil is not { } until || until > now;
}
