namespace InterviewBooking;

/// <summary>
/// Talks to a payment provider: creates checkouts, expires them, reads them back, and refunds payments.
/// Verified events come back through <see cref="PaymentEventProcessor"/>.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Creates (or, for a retry, returns the same) checkout for a pending session, charging exactly <see cref="PaymentSession.Price"/>.</summary>
    Task<CheckoutSession> CreateCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the session's checkout unpayable at the provider (its hold ended). Safe to repeat: a checkout already expired answers
    /// <see cref="CheckoutExpiryOutcome.AlreadyClosed"/>, and one the candidate paid meanwhile <see cref="CheckoutExpiryOutcome.Completed"/>.
    /// </summary>
    /// <param name="session">The session; its <see cref="PaymentSession.ProviderReference"/> names the checkout.</param>
    /// <param name="idempotencyKey">A key stable across retries of this expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CheckoutExpiryOutcome> ExpireCheckoutAsync(PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the session's checkout back from the provider (our own retrieval, so as trustworthy as a verified event) and maps it to the
    /// event its webhook would have carried: completed (paid or processing) or expired; <see langword="null"/> while it is still open
    /// or when the session has no checkout.
    /// </summary>
    Task<PaymentEvent?> RetrieveCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refunds the session's payment: <paramref name="amount"/>, or everything captured when <see langword="null"/>. Repeating a call with the
    /// same <paramref name="idempotencyKey"/> returns the same refund while the provider remembers the key (Stripe: 24 hours); past that,
    /// look the refund up with <see cref="ListRefundsAsync"/> first.
    /// </summary>
    /// <param name="session">A paid session.</param>
    /// <param name="amount">What to refund, in the session's currency; <see langword="null"/> for everything captured.</param>
    /// <param name="idempotencyKey">A key stable across retries of this refund; kept with the refund so <see cref="ListRefundsAsync"/> shows it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The refund as the provider made it.</returns>
    Task<ProviderRefund> RefundAsync(PaymentSession session, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Every refund the provider holds for the session's payment, ours and those made elsewhere (a dashboard, say), oldest first.</summary>
    Task<IReadOnlyList<ProviderRefund>> ListRefundsAsync(PaymentSession session, CancellationToken cancellationToken = default);
}
