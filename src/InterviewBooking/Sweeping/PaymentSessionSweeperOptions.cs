namespace InterviewBooking;

/// <summary>Settings of the <see cref="PaymentSessionSweeper"/>, validated when the host starts: a bad value fails start-up with a message naming it.</summary>
public sealed class PaymentSessionSweeperOptions
{
    /// <summary>How long the sweeper waits between sweeps (1 second to 1 hour). Default 1 minute.</summary>
    public Duration Interval { get; set; } = Duration.FromMinutes(1);

    /// <summary>How many sessions of each kind one sweep looks at, longest unchanged first (1 to 10,000). Default 200.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// A <see cref="PaymentSessionStatus.Pending"/> session unchanged this long is checked at the provider, in case it was paid and its
    /// webhook lost (more than zero). Default 10 minutes. One past its hold that is not paid is expired.
    /// </summary>
    public Duration PendingCheckAfter { get; set; } = Duration.FromMinutes(10);
}
