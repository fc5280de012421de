namespace InterviewBooking.Stripe.Internal;

/// <summary>The Stripe webhook as the core's <see cref="IPaymentWebhookReceiver"/>, so a web package maps it without referencing this one.</summary>
internal sealed class StripeWebhookReceiver(StripeWebhookHandler handler) : IPaymentWebhookReceiver
{
    public string Provider => StripeWebhookHandler.Provider;

    public string SignatureHeader => "Stripe-Signature";

    public async Task<PaymentProviderAnswer> ReceiveAsync(string body, string signature, CancellationToken cancellationToken = default)
    {
        var result = await handler.HandleAsync(body, signature, cancellationToken).ConfigureAwait(false);
        return StripeAnswers.From(result);
    }
}
