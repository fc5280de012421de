namespace InterviewBooking.Stripe;

/// <summary>
/// The metadata the adapter writes on each Checkout Session and its PaymentIntent: ids only, never names, emails or other personal data.
/// A webhook is checked against the stored payment session with them; the stored session is the truth.
/// </summary>
public static class StripeMetadataKeys
{
    /// <summary>Our payment session id (also the Checkout Session's <c>client_reference_id</c>).</summary>
    public const string PaymentSessionId = "payment_session_id";

    /// <summary>The reservation holding the slot when the checkout was created.</summary>
    public const string ReservationId = "reservation_id";

    /// <summary>The pre-matched interviewer.</summary>
    public const string InterviewerId = "interviewer_id";

    /// <summary>On a refund: the idempotency key it was made with, so a retry past the 24 hours Stripe remembers keys still finds it.</summary>
    public const string RefundKey = "interviewbooking_refund_key";

    /// <summary>On a transfer: the interview whose payout it pays.</summary>
    public const string InterviewId = "interview_id";

    /// <summary>On a transfer or its reversal: the idempotency key it was made under.</summary>
    public const string PayoutKey = "interviewbooking_payout_key";
}
