namespace InterviewBooking;

/// <summary>Creates checkouts with a payment provider. Verified events come back through <see cref="PaymentEventProcessor"/>.</summary>
public interface IPaymentGateway
{
    /// <summary>Creates (or, for a retry, returns the same) checkout for a pending session, charging exactly <see cref="PaymentSession.Price"/>.</summary>
    Task<CheckoutSession> CreateCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default);
}
