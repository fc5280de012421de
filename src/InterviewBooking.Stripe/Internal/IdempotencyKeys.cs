namespace InterviewBooking.Stripe.Internal;

/// <summary>Stripe idempotency keys, fixed per payment session and operation, so a retry never creates a second checkout, refund or expiry.</summary>
internal static class IdempotencyKeys
{
    public static string Checkout(PaymentSessionId id) => "interviewbooking-checkout-" + id.Value;

    public static string Refund(PaymentSessionId id) => "interviewbooking-refund-" + id.Value;

    public static string Expire(PaymentSessionId id) => "interviewbooking-expire-" + id.Value;
}
