namespace InterviewBooking.InMemory;

/// <summary>
/// <see cref="ICheckoutControl"/> over <see cref="SimulatedPaymentGateway"/>: there is no provider to ask on return, so the return check
/// reports the session as stored; abandoning expires the simulated checkout through <see cref="PaymentEventProcessor"/>, as a provider would.
/// </summary>
internal sealed class SimulatedCheckoutControl(SimulatedPaymentGateway gateway, PaymentEventProcessor processor, IPaymentSessionStore sessions) : ICheckoutControl
{
    public async Task<PaymentProviderAnswer> ConfirmReturnAsync(string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerReference);
        if (!providerReference.StartsWith(SimulatedPaymentGateway.ReferencePrefix, StringComparison.Ordinal)
            || providerReference.Length > IdText.MaxLength + SimulatedPaymentGateway.ReferencePrefix.Length)
        {
            return new PaymentProviderAnswer(404, "Unknown", $"'{providerReference}' is not a simulated checkout reference.");
        }

        var sessionId = new PaymentSessionId(providerReference[SimulatedPaymentGateway.ReferencePrefix.Length..]);
        var session = gateway.FindCheckout(sessionId) is null ? null : await sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return session is null
            ? new PaymentProviderAnswer(404, "Unknown", $"The simulated gateway created no checkout '{providerReference}'.")
            : new PaymentProviderAnswer(200, session.Status.ToString(), $"Session '{sessionId}' is {session.Status}.") { SessionId = sessionId };
    }

    public async Task<PaymentProviderAnswer> AbandonAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        if (gateway.FindCheckout(sessionId) is null)
        {
            return new PaymentProviderAnswer(404, "Unknown", $"The simulated gateway created no checkout for session '{sessionId}'.") { SessionId = sessionId };
        }

        var result = await processor.ProcessAsync(gateway.ExpireCheckout(sessionId), cancellationToken).ConfigureAwait(false);
        return new PaymentProviderAnswer(result.ShouldRetry ? 503 : 200, result.Outcome.ToString(), result.Detail) { SessionId = sessionId };
    }
}
