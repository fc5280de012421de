namespace InterviewBooking;

/// <summary>The result of confirming or releasing a reservation.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reservation">The reservation as it is now; <see langword="null"/> when not found.</param>
public sealed record ReservationUpdateResult(ReservationUpdateOutcome Outcome, Reservation? Reservation)
{
    /// <summary>Whether the reservation is now in the asked-for state.</summary>
    public bool Succeeded => Outcome == ReservationUpdateOutcome.Updated;
}

/// <summary>What happened to a confirm or release.</summary>
public enum ReservationUpdateOutcome
{
    /// <summary>Done (or it was already so: both calls are idempotent for the owner).</summary>
    Updated = 0,

    /// <summary>No such reservation.</summary>
    NotFound = 1,

    /// <summary>Someone else owns it; nothing changed.</summary>
    NotOwner = 2,

    /// <summary>Its status does not allow the change (confirming a released hold, say); nothing changed.</summary>
    InvalidStatus = 3,

    /// <summary>A confirm came after the hold's time ran out; the hold is now <see cref="ReservationStatus.Expired"/>.</summary>
    Expired = 4,
}
