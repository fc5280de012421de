namespace InterviewBooking;

/// <summary>What <see cref="IPaymentGateway.ExpireCheckoutAsync"/> found.</summary>
public enum CheckoutExpiryOutcome
{
    /// <summary>The checkout was open and is now expired: it can no longer be paid.</summary>
    Expired = 0,

    /// <summary>The checkout was already expired (or the session never had one): nothing to do.</summary>
    AlreadyClosed = 1,

    /// <summary>The candidate completed the checkout before it could be expired: the payment must be fulfilled or refunded.</summary>
    Completed = 2,
}
