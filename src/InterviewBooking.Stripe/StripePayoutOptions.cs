namespace InterviewBooking.Stripe;

/// <summary>Settings of Stripe Connect payouts (<c>AddStripePayouts</c>); validated when the host starts.</summary>
public sealed class StripePayoutOptions
{
    /// <summary>
    /// Interviewer id to connected account id (<c>acct_...</c>), read by the default <see cref="IStripeConnectedAccountResolver"/>. A host whose
    /// accounts live in its own database registers its own resolver instead and leaves this empty.
    /// </summary>
    public IDictionary<string, string> ConnectedAccounts { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
