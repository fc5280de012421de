namespace InterviewBooking.Stripe;

/// <summary>The Stripe dispute event types the adapter acts on when payouts are on (<c>AddPayouts</c>); enable them on the webhook endpoint too.</summary>
public static class StripeDisputeEvents
{
    /// <summary>A charge was disputed: its session is flagged disputed and a pending payout is held.</summary>
    public const string Created = "charge.dispute.created";

    /// <summary>A dispute closed: <c>won</c> or <c>warning_closed</c> releases the payout, <c>lost</c> cancels it (or reverses its transfer).</summary>
    public const string Closed = "charge.dispute.closed";

    /// <summary>Both, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [Created, Closed];
}
