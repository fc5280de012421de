namespace InterviewBooking.InMemory;

/// <summary>A checkout the <see cref="SimulatedPaymentGateway"/> created.</summary>
/// <param name="SessionId">The payment session it was created for.</param>
/// <param name="ProviderReference">Its reference (<c>cs_sim_</c> and the session id).</param>
/// <param name="RedirectUrl">Where the candidate would pay.</param>
/// <param name="Amount">What it charges: the session's price when the checkout was created.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record SimulatedCheckout(PaymentSessionId SessionId, string ProviderReference, Uri RedirectUrl, Money Amount, Instant CreatedAt);
