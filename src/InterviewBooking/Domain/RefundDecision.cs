namespace InterviewBooking;

/// <summary>The refund a cancellation earned under the policy in <see cref="InterviewBookingOptions"/>.</summary>
/// <param name="Amount">What is refunded (zero for none).</param>
/// <param name="Percent">The share of the price, 0..100.</param>
/// <param name="Policy">Which rule applied, in words.</param>
public sealed record RefundDecision(Money Amount, int Percent, string Policy);
