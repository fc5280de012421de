namespace InterviewBooking;

/// <summary>
/// A payment provider's event, already verified (signature checked, or retrieved from the provider by our server) and mapped by a gateway adapter.
/// Only such an event marks a session paid; no API takes "paid" from a caller.
/// </summary>
public sealed record PaymentEvent
{
    /// <summary>The provider's event id (used for de-duplication and the audit trail).</summary>
    public required string EventId { get; init; }

    /// <summary>What happened.</summary>
    public required PaymentEventKind Kind { get; init; }

    /// <summary>Our payment session the checkout was created for.</summary>
    public required PaymentSessionId SessionId { get; init; }

    /// <summary>The provider's checkout reference, when it sent one; must equal the stored one when both are known.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>The provider's reference for the payment (a Stripe PaymentIntent id), when it sent one; kept with the session for refunds.</summary>
    public string? ProviderPaymentReference { get; init; }

    /// <summary>For <see cref="PaymentEventKind.CheckoutCompleted"/>: whether the money was captured (<see langword="false"/>: an asynchronous payment is still processing).</summary>
    public bool IsPaid { get; init; }

    /// <summary>The amount the provider charged; must equal the session's price for the session to be booked.</summary>
    public Money? AmountPaid { get; init; }

    /// <summary>When the provider says it happened.</summary>
    public Instant OccurredAt { get; init; }
}

/// <summary>The kinds of payment event the flow acts on.</summary>
public enum PaymentEventKind
{
    /// <summary>The candidate finished the checkout; paid now, or an asynchronous payment started (<see cref="PaymentEvent.IsPaid"/>).</summary>
    CheckoutCompleted = 0,

    /// <summary>A delayed payment succeeded.</summary>
    AsyncPaymentSucceeded = 1,

    /// <summary>A delayed payment failed.</summary>
    AsyncPaymentFailed = 2,

    /// <summary>The checkout expired unpaid.</summary>
    CheckoutExpired = 3,
}
