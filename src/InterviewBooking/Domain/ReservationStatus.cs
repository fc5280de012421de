namespace InterviewBooking;

/// <summary>The life of a reservation: <see cref="Held"/> then <see cref="Confirmed"/>, <see cref="Released"/> or <see cref="Expired"/>.</summary>
public enum ReservationStatus
{
    /// <summary>Holds the slot while the candidate pays, until <see cref="Reservation.HeldUntil"/>.</summary>
    Held = 0,

    /// <summary>Paid and booked: blocks the slot for good.</summary>
    Confirmed = 1,

    /// <summary>Given back by its owner; blocks nothing.</summary>
    Released = 2,

    /// <summary>A hold whose time ran out; blocks nothing.</summary>
    Expired = 3,
}
