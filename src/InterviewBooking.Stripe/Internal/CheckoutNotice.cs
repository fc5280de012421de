using Stripe.Checkout;

namespace InterviewBooking.Stripe.Internal;

/// <summary>A Checkout Session as Stripe vouched for it: in a verified webhook event, or retrieved from Stripe by our server.</summary>
/// <param name="EventId">The Stripe event id, or a retrieval marker.</param>
/// <param name="EventType">The Stripe event type (for a retrieval, the type the Checkout Session's state stands for).</param>
/// <param name="Checkout">The Checkout Session.</param>
/// <param name="OccurredAt">When Stripe says it happened.</param>
internal sealed record CheckoutNotice(string EventId, string EventType, Session Checkout, Instant OccurredAt)
{
    /// <summary>Whether Stripe captured the money: <c>paid</c>, or <c>no_payment_required</c>.</summary>
    public bool IsPaid => Checkout.PaymentStatus is "paid" or "no_payment_required";

    /// <summary>The core's event kind, or <see langword="null"/> for a type the flow does not act on.</summary>
    /// <remarks>A completion or success that is not paid maps to an unpaid completion: only a paid Checkout Session ever books.</remarks>
    public PaymentEventKind? Kind => EventType switch
    {
        StripeCheckoutEvents.Completed or StripeCheckoutEvents.AsyncPaymentSucceeded when !IsPaid => PaymentEventKind.CheckoutCompleted,
        StripeCheckoutEvents.Completed => PaymentEventKind.CheckoutCompleted,
        StripeCheckoutEvents.AsyncPaymentSucceeded => PaymentEventKind.AsyncPaymentSucceeded,
        StripeCheckoutEvents.AsyncPaymentFailed => PaymentEventKind.AsyncPaymentFailed,
        StripeCheckoutEvents.Expired => PaymentEventKind.CheckoutExpired,
        _ => null,
    };

    /// <summary>The amount Stripe charged, when the Checkout Session carries a valid one.</summary>
    public Money? AmountPaid =>
        Checkout.AmountTotal is { } amount && amount >= 0 && Checkout.Currency is { Length: 3 } currency && currency.All(char.IsAsciiLetter)
            ? new Money(amount, currency)
            : null;
}
