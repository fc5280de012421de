namespace InterviewBooking;

/// <summary>A checkout created by the payment provider.</summary>
/// <param name="ProviderReference">The provider's id for it (a Stripe Checkout Session id, say).</param>
/// <param name="RedirectUrl">Where to send the candidate to pay.</param>
public sealed record CheckoutSession(string ProviderReference, Uri RedirectUrl);
