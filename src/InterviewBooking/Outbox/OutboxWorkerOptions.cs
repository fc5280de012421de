namespace InterviewBooking;

/// <summary>How the outbox worker drains the outbox (<c>AddOutboxWorker</c>); validated when the host starts.</summary>
public sealed class OutboxWorkerOptions
{
    /// <summary>How many items one lease takes at most. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>How long the worker waits before looking again once the outbox had fewer due items than a batch. Default 1 second.</summary>
    public Duration PollInterval { get; set; } = Duration.FromSeconds(1);

    /// <summary>
    /// How long a leased item stays with its worker. It must outlast the slowest delivery of a whole batch (a handler's own retries
    /// included): when it runs out, another worker may deliver the item again. Default 2 minutes.
    /// </summary>
    public Duration LeaseDuration { get; set; } = Duration.FromMinutes(2);

    /// <summary>How many deliveries are attempted before the item is dead-lettered. Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="BackoffCap"/>, with jitter. Default 10 seconds.</summary>
    public Duration BackoffBase { get; set; } = Duration.FromSeconds(10);

    /// <summary>The longest wait between two attempts (before jitter). Default 1 hour.</summary>
    public Duration BackoffCap { get; set; } = Duration.FromHours(1);
}
