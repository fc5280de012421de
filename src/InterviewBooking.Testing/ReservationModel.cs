namespace InterviewBooking.Testing;

/// <summary>One step of a generated reservation history.</summary>
internal abstract record ReservationOp
{
    /// <summary>Holds a slot: an interviewer (0..1), a start on a quarter-hour grid, a length of 1 to 3 quarters, an owner (0..2), a hold of 1 to 40 minutes.</summary>
    public sealed record Hold(int Interviewer, int Quarter, int Quarters, int Owner, int Minutes) : ReservationOp;

    /// <summary>Confirms, releases or cancels one of the reservations made so far (<see cref="Pick"/> modulo their count; none yet: an unknown id), as its owner or not.</summary>
    public sealed record Change(ChangeKind Kind, int Pick, bool AsOwner) : ReservationOp;

    /// <summary>Moves the clock.</summary>
    public sealed record Advance(int Minutes) : ReservationOp;
}

internal enum ChangeKind
{
    Confirm,
    Release,
    Cancel,
}

/// <summary>What a reservation store must do, written as plainly as possible: a list of reservations and the contract's rules.</summary>
internal sealed class ReservationModel
{
    public List<Reservation> Reservations { get; } = [];

    public static ReservationStatus Effective(Reservation reservation, Instant now) =>
        reservation.Status == ReservationStatus.Held && reservation.HeldUntil <= now ? ReservationStatus.Expired : reservation.Status;

    /// <summary>The active reservations that overlap a slot of an interviewer.</summary>
    public IReadOnlyList<Reservation> Blocking(InterviewerId interviewer, Interval slot, Instant now) =>
        [.. Reservations.Where(r => r.InterviewerId == interviewer && r.IsActiveAt(now) && Reservation.Overlaps(r.Slot, slot))];

    /// <summary>The expected outcome and status of a confirm, release or cancel by the owner.</summary>
    public static (ReservationUpdateOutcome Outcome, ReservationStatus Status) Decide(ChangeKind kind, Reservation current, Instant now)
    {
        var live = current.Status == ReservationStatus.Held && current.HeldUntil > now;
        var lapsed = current.Status == ReservationStatus.Held && !live;
        return kind switch
        {
            ChangeKind.Confirm when current.Status == ReservationStatus.Confirmed => (ReservationUpdateOutcome.Updated, ReservationStatus.Confirmed),
            ChangeKind.Confirm when live => (ReservationUpdateOutcome.Updated, ReservationStatus.Confirmed),
            ChangeKind.Confirm when lapsed || current.Status == ReservationStatus.Expired => (ReservationUpdateOutcome.Expired, ReservationStatus.Expired),
            ChangeKind.Confirm => (ReservationUpdateOutcome.InvalidStatus, current.Status),
            ChangeKind.Release when live => (ReservationUpdateOutcome.Updated, ReservationStatus.Released),
            ChangeKind.Release when lapsed => (ReservationUpdateOutcome.Updated, ReservationStatus.Expired),
            ChangeKind.Release when current.Status == ReservationStatus.Confirmed => (ReservationUpdateOutcome.InvalidStatus, ReservationStatus.Confirmed),
            ChangeKind.Release => (ReservationUpdateOutcome.Updated, current.Status),
            ChangeKind.Cancel when current.Status == ReservationStatus.Confirmed || live => (ReservationUpdateOutcome.Updated, ReservationStatus.Released),
            ChangeKind.Cancel when lapsed => (ReservationUpdateOutcome.Updated, ReservationStatus.Expired),
            _ => (ReservationUpdateOutcome.Updated, current.Status),
        };
    }
}
