namespace InterviewBooking;

/// <summary>A refund the payment provider issued for a session's payment.</summary>
/// <param name="ProviderRefundId">The provider's id of the refund (a Stripe <c>re_...</c> id).</param>
/// <param name="Amount">What was refunded.</param>
/// <param name="IssuedAt">When the provider made it.</param>
public sealed record IssuedRefund(string ProviderRefundId, Money Amount, Instant IssuedAt);
