namespace InterviewBooking;

/// <summary>
/// What a web host asks of the payment provider beyond creating a checkout: confirming the candidate's return from it without waiting for
/// the webhook, and abandoning an open one. Implemented by each payment adapter (Stripe, the simulated gateway).
/// </summary>
public interface ICheckoutControl
{
    /// <summary>Asks the provider about the checkout the candidate came back from and fulfills it now when it is paid.</summary>
    /// <param name="providerReference">The provider's checkout id, as the return URL carries it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PaymentProviderAnswer> ConfirmReturnAsync(string providerReference, CancellationToken cancellationToken = default);

    /// <summary>Closes the open checkout of a pending session, so it can no longer be paid, and releases its hold.</summary>
    /// <param name="sessionId">The pending session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PaymentProviderAnswer> AbandonAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default);
}
