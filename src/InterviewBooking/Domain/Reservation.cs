namespace InterviewBooking;

/// <summary>A hold or a confirmed booking of one interviewer's slot.</summary>
public sealed record Reservation
{
    /// <summary>The reservation's id.</summary>
    public required ReservationId Id { get; init; }

    /// <summary>The interviewer whose time is reserved.</summary>
    public required InterviewerId InterviewerId { get; init; }

    /// <summary>The reserved time, half-open: two slots that only touch do not overlap.</summary>
    public required Interval Slot { get; init; }

    /// <summary>Who holds it (the payment session id); only the owner confirms or releases it.</summary>
    public required string Owner { get; init; }

    /// <summary>The stored status; see <see cref="IsActiveAt"/> for whether it blocks the slot now.</summary>
    public required ReservationStatus Status { get; init; }

    /// <summary>When a <see cref="ReservationStatus.Held"/> reservation stops blocking the slot.</summary>
    public required Instant HeldUntil { get; init; }

    /// <summary>When the reservation was made.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The buffer before the slot it was held with (<see cref="HoldRules.BufferBefore"/>); zero for reservations written without rules.</summary>
    public Duration BufferBefore { get; init; }

    /// <summary>The buffer after the slot it was held with (<see cref="HoldRules.BufferAfter"/>); zero for reservations written without rules.</summary>
    public Duration BufferAfter { get; init; }

    /// <summary>The candidate it was held for (<see cref="HoldRequest.Candidate"/>), or empty.</summary>
    public CandidateId Candidate { get; init; }

    /// <summary>The span it occupies: the slot widened by its buffers. Two active reservations of one interviewer never have overlapping spans.</summary>
    public Interval Occupied => new(Slot.Start - BufferBefore, Slot.End + BufferAfter);

    /// <summary>
    /// Whether the reservation blocks its slot at <paramref name="now"/>:
    /// confirmed, or held with <see cref="HeldUntil"/> still in the future.
    /// </summary>
    public bool IsActiveAt(Instant now) =>
        Status == ReservationStatus.Confirmed || (Status == ReservationStatus.Held && HeldUntil > now);

    /// <summary>Whether two active reservations would break the buffers: their occupied spans (<see cref="Occupied"/>) overlap.</summary>
    public static bool Crowds(Reservation a, Reservation b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Overlaps(a.Occupied, b.Occupied);
    }

    /// <summary>Whether two half-open slots share any instant (touching slots do not).</summary>
    public static bool Overlaps(Interval a, Interval b) => a.Start < b.End && b.Start < a.End;
}
