namespace InterviewBooking;

/// <summary>One entry of a reservation's audit trail: a status it entered, when and why.</summary>
/// <param name="ReservationId">The reservation.</param>
/// <param name="From">The status it left; <see langword="null"/> for the entry that records the hold being made.</param>
/// <param name="To">The status it entered.</param>
/// <param name="At">When the store recorded it (for an expiry: when the store noticed the hold had run out).</param>
/// <param name="Reason">Why: see <see cref="ReservationChangeReasons"/>.</param>
public sealed record ReservationStatusChange(
    ReservationId ReservationId,
    ReservationStatus? From,
    ReservationStatus To,
    Instant At,
    string Reason);

/// <summary>The reasons every <see cref="IReservationStore"/> writes into its audit trail, so adapters agree.</summary>
public static class ReservationChangeReasons
{
    /// <summary>The owner held the slot.</summary>
    public const string Held = "held";

    /// <summary>The owner confirmed the hold.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The owner released the hold.</summary>
    public const string Released = "released";

    /// <summary>The owner canceled a confirmed reservation (the interview was canceled or moved).</summary>
    public const string Canceled = "canceled";

    /// <summary>The hold's time ran out before it was confirmed.</summary>
    public const string Expired = "expired";
}
