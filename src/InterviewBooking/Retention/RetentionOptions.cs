namespace InterviewBooking;

/// <summary>
/// How long finished rows are kept before the retention worker (<c>AddRetention</c>) removes them, and how it works through them; validated
/// when the host starts. <see cref="RetentionRules"/> and <see cref="IRetentionStore"/> say exactly what may go.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Stripe retries a webhook delivery for up to three days: no age may be shorter, or a late retry would find its row gone.</summary>
    public static readonly Duration ProviderRetryWindow = Duration.FromDays(3);

    /// <summary>Whether the worker runs. Default <see langword="true"/>; <see langword="false"/> keeps every row.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a finished row is kept: a reservation after its slot ended, a payment session and its interview after their last change,
    /// an outbox item after it was delivered or dead-lettered (at least <see cref="ProviderRetryWindow"/>). Default 30 days.
    /// </summary>
    public Duration FinishedRowAge { get; set; } = Duration.FromDays(30);

    /// <summary>How long a processed payment event stays in the inbox, so a redelivery is answered as a duplicate (at least <see cref="ProviderRetryWindow"/>). Default 30 days.</summary>
    public Duration PaymentEventInboxAge { get; set; } = Duration.FromDays(30);

    /// <summary>
    /// How long after its payment a session stays, whatever else: a dispute (chargeback) of the charge must still find its session and payout.
    /// Stripe accepts disputes for up to 120 days after the payment for most cards; the default, 180 days, leaves room for longer card-network
    /// windows and late notices. At least <see cref="ProviderRetryWindow"/>.
    /// </summary>
    public Duration DisputeWindow { get; set; } = Duration.FromDays(180);

    /// <summary>How many rows of one kind one batch removes at most (1 to 10,000), so no statement holds locks for long. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How many batches of each kind one pass runs at most (1 to 10,000) before waiting for the next pass. Default 100.</summary>
    public int MaxBatchesPerPass { get; set; } = 100;

    /// <summary>How long the worker waits between passes (1 second to 1 day). Default 10 minutes.</summary>
    public Duration Interval { get; set; } = Duration.FromMinutes(10);
}
