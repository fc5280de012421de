namespace InterviewBooking.Stripe;

/// <summary>
/// What the adapter did with a Stripe event: one delivered to the webhook (<see cref="StripeWebhookHandler.HandleAsync"/>), or a Checkout
/// Session our server retrieved from Stripe (<see cref="StripeCheckoutService"/>). <see cref="HttpStatusCode"/> is what a webhook endpoint answers.
/// </summary>
/// <param name="Status">What happened, in the terms a webhook endpoint answers in.</param>
/// <param name="Detail">A sentence for logs and operators (ids only, no personal data).</param>
public sealed record StripeWebhookResult(StripeWebhookStatus Status, string Detail)
{
    /// <summary>The Stripe event id, once the event was verified and read (<c>evt_...</c>; a <c>retrieved:cs_...</c> marker for a retrieval).</summary>
    public string? EventId { get; init; }

    /// <summary>The Stripe event type (e.g. <c>checkout.session.completed</c>), once read.</summary>
    public string? EventType { get; init; }

    /// <summary>The payment session the event names, once known.</summary>
    public PaymentSessionId? SessionId { get; init; }

    /// <summary>Why the event was rejected, for <see cref="StripeWebhookStatus.Rejected"/>.</summary>
    public StripeWebhookRejection? Rejection { get; init; }

    /// <summary>What the core's <see cref="PaymentEventProcessor"/> did, when the event reached it.</summary>
    public PaymentEventResult? Payment { get; init; }

    /// <summary>
    /// The HTTP status a webhook endpoint answers: 200 for <see cref="StripeWebhookStatus.Processed"/>, <see cref="StripeWebhookStatus.Duplicate"/>
    /// and <see cref="StripeWebhookStatus.Ignored"/> (Stripe stops delivering), 400 for <see cref="StripeWebhookStatus.Rejected"/>, and 503 for
    /// <see cref="StripeWebhookStatus.RetryLater"/> (Stripe delivers again, for up to three days).
    /// </summary>
    public int HttpStatusCode => Status switch
    {
        StripeWebhookStatus.Rejected => 400,
        StripeWebhookStatus.RetryLater => 503,
        _ => 200,
    };

    /// <summary>Whether Stripe should deliver the event again (<see cref="StripeWebhookStatus.RetryLater"/>).</summary>
    public bool ShouldRetry => Status == StripeWebhookStatus.RetryLater;
}

/// <summary>What the adapter did with a Stripe event.</summary>
public enum StripeWebhookStatus
{
    /// <summary>Verified and applied; <see cref="StripeWebhookResult.Payment"/> says what it changed (booked, awaiting payment, released, refund...). Answer 200.</summary>
    Processed = 0,

    /// <summary>This event id was processed before; nothing was done again. Answer 200.</summary>
    Duplicate = 1,

    /// <summary>Verified, but not for us: an event type the adapter does not act on, or a Checkout Session another integration created. Answer 200.</summary>
    Ignored = 2,

    /// <summary>Not trusted or not usable (<see cref="StripeWebhookResult.Rejection"/> says why); nothing was changed. Answer 400.</summary>
    Rejected = 3,

    /// <summary>
    /// Not applied yet: the payment session is not known yet (within <see cref="InterviewBookingOptions.UnknownSessionRetryWindow"/> of the
    /// event), another worker is booking it, or processing failed (a store or the scheduler threw). Answer 503 so Stripe delivers again; the flow is idempotent, so a redelivery finishes the work.
    /// </summary>
    RetryLater = 4,
}

/// <summary>Why a Stripe event was rejected.</summary>
public enum StripeWebhookRejection
{
    /// <summary>The <c>Stripe-Signature</c> header is missing or empty.</summary>
    MissingSignature = 0,

    /// <summary>The <c>Stripe-Signature</c> header is not Stripe's format (<c>t=...,v1=...</c>).</summary>
    MalformedSignatureHeader = 1,

    /// <summary>No <c>v1</c> signature matches the body under the webhook secret: the body was changed, or the secret is not this endpoint's.</summary>
    SignatureMismatch = 2,

    /// <summary>The signature matches, but its timestamp is outside the tolerance: a replay, or a badly wrong clock.</summary>
    TimestampOutsideTolerance = 3,

    /// <summary>The event was rendered for an API version Stripe.net cannot read safely; set the endpoint's API version to Stripe.net's.</summary>
    UnsupportedApiVersion = 4,

    /// <summary>The signed body is not a Stripe event (malformed JSON, or a checkout event without its Checkout Session).</summary>
    MalformedPayload = 5,

    /// <summary>
    /// The Checkout Session disagrees with the stored payment session (another interviewer, reservation, checkout or session id in its
    /// metadata). The stored session is the truth; nothing was changed.
    /// </summary>
    InconsistentCheckout = 6,
}
