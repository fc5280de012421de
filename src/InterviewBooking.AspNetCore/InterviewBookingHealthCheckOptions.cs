namespace InterviewBooking.AspNetCore;

/// <summary>
/// Thresholds of the outbox check <c>AddInterviewBookingHealthChecks</c> adds, validated when the host starts. Past any of them the check
/// reports its failure status (<see cref="Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded"/>: bookings still work, but
/// notifications, refunds or calendar writes wait).
/// </summary>
public sealed class InterviewBookingHealthCheckOptions
{
    /// <summary>How many dead-lettered outbox items are tolerated (0 to 1,000,000). 0 by default: any dead letter fails the check.</summary>
    public int MaxDeadLetters { get; set; }

    /// <summary>
    /// How many due items may wait for a worker at once (0 to 1,000,000): more means the workers fall behind, or none runs. Default 1,000.
    /// </summary>
    public int MaxDueItems { get; set; } = 1_000;

    /// <summary>
    /// How long the oldest due item may have waited past its due time (1 second to 7 days): longer means no worker is draining the outbox.
    /// Default 5 minutes.
    /// </summary>
    public Duration MaxDueAge { get; set; } = Duration.FromMinutes(5);
}
