namespace InterviewBooking.Stripe;

/// <summary>The Stripe event types the adapter acts on; enable exactly these on the webhook endpoint.</summary>
public static class StripeCheckoutEvents
{
    /// <summary>The candidate finished the checkout: paid now (<c>payment_status</c> <c>paid</c>), or an asynchronous payment started (<c>unpaid</c>).</summary>
    public const string Completed = "checkout.session.completed";

    /// <summary>An asynchronous payment (bank debit, say) succeeded.</summary>
    public const string AsyncPaymentSucceeded = "checkout.session.async_payment_succeeded";

    /// <summary>An asynchronous payment failed; the hold is released.</summary>
    public const string AsyncPaymentFailed = "checkout.session.async_payment_failed";

    /// <summary>The checkout expired unpaid (at <c>expires_at</c>, the hold's end); the hold is released.</summary>
    public const string Expired = "checkout.session.expired";

    /// <summary>All four, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [Completed, AsyncPaymentSucceeded, AsyncPaymentFailed, Expired];
}
