namespace InterviewBooking.Stripe.Internal;

/// <summary>The return check and the abandon of <see cref="StripeCheckoutService"/> as the core's <see cref="ICheckoutControl"/>.</summary>
internal sealed class StripeCheckoutControl(StripeCheckoutService checkouts) : ICheckoutControl
{
    public async Task<PaymentProviderAnswer> ConfirmReturnAsync(string providerReference, CancellationToken cancellationToken = default)
    {
        try
        {
            return StripeAnswers.From(await checkouts.ConfirmCheckoutAsync(providerReference, cancellationToken).ConfigureAwait(false));
        }
        catch (StripePaymentException exception)
        {
            return StripeAnswers.From(exception);
        }
    }

    public async Task<PaymentProviderAnswer> AbandonAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        try
        {
            return StripeAnswers.From(await checkouts.CancelCheckoutAsync(sessionId, cancellationToken).ConfigureAwait(false));
        }
        catch (StripePaymentException exception)
        {
            return StripeAnswers.From(exception);
        }
    }
}
