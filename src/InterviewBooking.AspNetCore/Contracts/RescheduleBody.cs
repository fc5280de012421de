namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate sends to move a booked interview; it keeps its length and interviewer.</summary>
public sealed record RescheduleBody
{
    /// <summary>When the interview starts now.</summary>
    public Instant? SlotStart { get; init; }
}
