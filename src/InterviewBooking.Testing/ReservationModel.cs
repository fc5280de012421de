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

    /// <summary>Changes an interviewer's buffers (0 to 2 quarters each) for holds made from now on.</summary>
    public sealed record ChangeBuffers(int Interviewer, int QuartersBefore, int QuartersAfter) : ReservationOp;
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

    /// <summary>The active reservations of an interviewer whose occupied spans overlap the span a hold would occupy under its rules.</summary>
    public IReadOnlyList<Reservation> Crowding(HoldRequest request, Instant now) =>
        [.. Reservations.Where(r => r.InterviewerId == request.InterviewerId && r.IsActiveAt(now) && Reservation.Overlaps(r.Occupied, request.Rules.Occupied(request.Slot)))];

    /// <summary>
    /// What the store must answer to a hold: the existing hold for a repeat by its owner, else the first rule it breaks (a reservation in
    /// the way, on the slot or in the buffers; the daily cap; the candidate's cap), else <see langword="null"/>: held.
    /// </summary>
    public (Reservation? Repeat, HoldRefusal? Refusal, IReadOnlyList<Reservation> InTheWay) Decide(HoldRequest request, Instant now)
    {
        var crowding = Crowding(request, now);
        var repeat = crowding.FirstOrDefault(r => r.Status == ReservationStatus.Held && r.Slot == request.Slot && r.Owner == request.Owner);
        if (repeat is not null)
        {
            return (repeat, null, crowding);
        }

        if (crowding.Count > 0)
        {
            var onSlot = crowding.Where(r => Reservation.Overlaps(r.Slot, request.Slot)).ToArray();
            return onSlot.Length > 0 ? (null, HoldRefusal.SlotTaken, onSlot) : (null, HoldRefusal.Buffer, crowding);
        }

        if (request.Rules.MaxPerDay is { } cap)
        {
            var day = request.Rules.DayOf(request.Slot).Day;
            if (Reservations.Count(r => r.InterviewerId == request.InterviewerId && r.IsActiveAt(now) && day.Contains(r.Slot.Start)) >= cap)
            {
                return (null, HoldRefusal.DailyCap, []);
            }
        }

        if (request.MaxActiveCandidateHolds is { } most
            && Reservations.Count(r => r.Candidate == request.Candidate && r.Status == ReservationStatus.Held && r.HeldUntil > now) >= most)
        {
            return (null, HoldRefusal.CandidateHoldCap, []);
        }

        return (null, null, []);
    }

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
