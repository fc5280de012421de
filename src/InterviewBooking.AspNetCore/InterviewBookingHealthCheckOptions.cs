namespace InterviewBooking.AspNetCore;

/// <summary>Thresholds of the health checks <c>AddInterviewBookingHealthChecks</c> adds.</summary>
public sealed class InterviewBookingHealthCheckOptions
{
    /// <summary>How many dead-lettered outbox items are tolerated before the outbox check fails. 0 by default: any dead letter fails it.</summary>
    public int MaxDeadLetters { get; set; }
}
