namespace InterviewBooking.Stripe.Internal;

/// <summary>Maps Stripe results to the core's provider answers.</summary>
internal static class StripeAnswers
{
    public static PaymentProviderAnswer From(StripeWebhookResult result) =>
        new(result.HttpStatusCode, result.Status.ToString(), result.Detail) { SessionId = result.SessionId, Rejection = result.Rejection?.ToString() };

    public static PaymentProviderAnswer From(StripePaymentException exception) =>
        new(exception.IsTransient ? 502 : 404, exception.IsTransient ? "Unavailable" : "Unknown", exception.Message);
}
