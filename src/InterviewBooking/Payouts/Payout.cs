namespace InterviewBooking;

/// <summary>
/// What an interviewer is owed for one completed interview: at most one per interview (<see cref="IPayoutStore.AddOrGetAsync"/>), paid by the
/// outbox worker once <see cref="DueAt"/> (the completion plus <see cref="PayoutOptions.HoldBack"/>) has come.
/// </summary>
public sealed record Payout
{
    /// <summary>The completed interview; the payout's identity.</summary>
    public required InterviewId InterviewId { get; init; }

    /// <summary>The payment session the interview was paid through (its charge funds the transfer).</summary>
    public required PaymentSessionId SessionId { get; init; }

    /// <summary>Who is paid.</summary>
    public required InterviewerId InterviewerId { get; init; }

    /// <summary>The plan the interview was booked on; the amount came from its rate.</summary>
    public required string PlanId { get; init; }

    /// <summary>What is paid: the plan's rate plus the add-ons' (<see cref="PayoutOptions"/>).</summary>
    public required Money Amount { get; init; }

    /// <summary>The current status.</summary>
    public required PayoutStatus Status { get; init; }

    /// <summary>Why the payout is in its status, where that needs saying (a dispute's id, a refund).</summary>
    public string? StatusReason { get; init; }

    /// <summary>When the interview was completed.</summary>
    public required Instant CompletedAt { get; init; }

    /// <summary>Not paid before this instant: <see cref="CompletedAt"/> plus the hold-back.</summary>
    public required Instant DueAt { get; init; }

    /// <summary>The provider's transfer (a Stripe <c>tr_...</c> id), once <see cref="PayoutStatus.Paid"/>.</summary>
    public string? ProviderTransferId { get; init; }

    /// <summary>The provider's reversal of the transfer (a Stripe <c>trr_...</c> id), once <see cref="PayoutStatus.Reversed"/>.</summary>
    public string? ProviderReversalId { get; init; }

    /// <summary>When the payout was recorded.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>When the status last changed.</summary>
    public Instant UpdatedAt { get; init; }

    /// <summary>Incremented by every change; stores use it for compare-and-set.</summary>
    public long Version { get; init; }
}
