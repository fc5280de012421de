namespace InterviewBooking.Stripe;

/// <summary>Settings of the Stripe adapter, validated when the host starts: a bad value fails start-up with a message naming it.</summary>
public sealed class StripePaymentOptions
{
    /// <summary>The placeholder Stripe replaces with the Checkout Session id in <see cref="SuccessUrl"/>.</summary>
    public const string CheckoutSessionIdPlaceholder = "{CHECKOUT_SESSION_ID}";

    /// <summary>The placeholder the adapter replaces with the payment session id in <see cref="SuccessUrl"/> and <see cref="CancelUrl"/>.</summary>
    public const string PaymentSessionIdPlaceholder = "{PAYMENT_SESSION_ID}";

    /// <summary>The secret API key (<c>sk_...</c>, or a restricted <c>rk_...</c> key allowed to create, read and expire Checkout Sessions and create refunds).</summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>The signing secret of the webhook endpoint (<c>whsec_...</c>).</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>
    /// How far a webhook's signed timestamp may be from the current time before the event is rejected as a replay. Default 5 minutes (Stripe's own default).
    /// </summary>
    public Duration WebhookTolerance { get; set; } = Duration.FromMinutes(5);

    /// <summary>
    /// Where Stripe sends the candidate after paying: an absolute http(s) URL that may carry <see cref="CheckoutSessionIdPlaceholder"/>
    /// (for the success-page check, <see cref="StripeCheckoutService.ConfirmCheckoutAsync"/>) and <see cref="PaymentSessionIdPlaceholder"/>.
    /// </summary>
    public string SuccessUrl { get; set; } = string.Empty;

    /// <summary>Where Stripe sends the candidate who leaves the checkout: an absolute http(s) URL that may carry <see cref="PaymentSessionIdPlaceholder"/>.</summary>
    public string CancelUrl { get; set; } = string.Empty;

    /// <summary>
    /// The payment method types the checkout may offer (sent as <c>allowed_payment_method_types</c>; Stripe's names, e.g. <c>card</c>, <c>sepa_debit</c>).
    /// Default card only. A delayed method (a bank debit) completes unpaid first and books on <c>checkout.session.async_payment_succeeded</c>.
    /// </summary>
    public IList<string> PaymentMethodTypes { get; } = ["card"];

    /// <summary>Another base address for Stripe's API (a proxy, or a local fake in tests); Stripe's own when <see langword="null"/>.</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>How many times the Stripe client retries a request that failed for a network reason or a 5xx (same idempotency key). Default 2.</summary>
    public int MaxNetworkRetries { get; set; } = 2;
}
