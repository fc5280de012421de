namespace InterviewBooking.Stripe;

/// <summary>A refund of a payment session's Stripe payment.</summary>
/// <param name="SessionId">The payment session refunded.</param>
/// <param name="PaymentIntentId">The Stripe PaymentIntent refunded.</param>
/// <param name="RefundId">Stripe's refund id (<c>re_...</c>); <see langword="null"/> when Stripe said the payment was refunded already.</param>
/// <param name="Status">Stripe's refund status (<c>succeeded</c>, <c>pending</c>, ...), or <see cref="AlreadyRefundedStatus"/>.</param>
public sealed record StripeRefundResult(PaymentSessionId SessionId, string PaymentIntentId, string? RefundId, string Status)
{
    /// <summary>The <see cref="Status"/> when Stripe answered that the payment was refunded before.</summary>
    public const string AlreadyRefundedStatus = "already_refunded";

    /// <summary>Stripe's name of a refund status.</summary>
    internal static string StatusName(ProviderRefundStatus status) => status switch
    {
        ProviderRefundStatus.Succeeded => "succeeded",
        ProviderRefundStatus.Failed => "failed",
        ProviderRefundStatus.Canceled => "canceled",
        _ => "pending",
    };
}
