namespace InterviewBooking.Stripe;

/// <summary>
/// A call to Stripe failed: Stripe answered with an error, or could not be reached. The Stripe.net exception, when there is one,
/// is the <see cref="Exception.InnerException"/>; the fields callers decide on are copied here.
/// </summary>
public sealed class StripePaymentException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public StripePaymentException() { }

    /// <summary>Creates the error with a message.</summary>
    public StripePaymentException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public StripePaymentException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>What the adapter was doing (e.g. <c>create checkout</c>, <c>refund</c>).</summary>
    public string? Operation { get; init; }

    /// <summary>Stripe's HTTP status code, when Stripe answered.</summary>
    public int? HttpStatusCode { get; init; }

    /// <summary>Stripe's error type (e.g. <c>invalid_request_error</c>, <c>api_error</c>), when Stripe answered with one.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Stripe's error code (e.g. <c>charge_already_refunded</c>), when Stripe answered with one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Stripe's request id (<c>Request-Id</c> header), for Stripe support.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// Whether trying again later may succeed: Stripe was not reached, timed out, rate-limited the call (429), reported a
    /// conflict on the idempotency key (409) or failed on its side (5xx).
    /// </summary>
    public bool IsTransient => HttpStatusCode is null or 409 or 429 or >= 500;
}
