namespace InterviewBooking.InMemory;

/// <summary>
/// <see cref="ICheckoutControl"/> over <see cref="SimulatedPaymentGateway"/>: there is no provider to ask on return, so the return check
/// reports the session as stored; abandoning cancels the pending session and releases its hold, as the Stripe adapter does.
/// </summary>
internal sealed class SimulatedCheckoutControl(
    SimulatedPaymentGateway gateway, IPaymentSessionStore sessions, IReservationStore reservations, IClock clock) : ICheckoutControl
{
    public async Task<PaymentProviderAnswer> ConfirmReturnAsync(string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerReference);
        // A reference with nothing (or only blanks) after the prefix names no session; the id type would refuse it with an exception.
        if (!providerReference.StartsWith(SimulatedPaymentGateway.ReferencePrefix, StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(providerReference[SimulatedPaymentGateway.ReferencePrefix.Length..])
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
        var session = gateway.FindCheckout(sessionId) is null ? null : await sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new PaymentProviderAnswer(404, "Unknown", $"The simulated gateway created no checkout for session '{sessionId}'.") { SessionId = sessionId };
        }

        // As the Stripe adapter does once the provider has expired the checkout: Pending to Canceled, then the hold is released.
        var canceled = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(sessionId, PaymentSessionStatus.Pending, PaymentSessionStatus.Canceled, clock.GetCurrentInstant())
            {
                ExpectedVersion = session.Version,
                Reason = "Canceled before payment; the checkout was closed.",
            },
            CancellationToken.None).ConfigureAwait(false);
        var now = canceled.Session ?? session;
        if (!canceled.Succeeded && now.Status is not (PaymentSessionStatus.Canceled or PaymentSessionStatus.Expired))
        {
            return new PaymentProviderAnswer(409, "Ignored", $"Session '{sessionId}' is {now.Status}; only a Pending session is canceled.") { SessionId = sessionId };
        }

        if (now.ReservationId is { IsEmpty: false } reservationId)
        {
            await reservations.TryReleaseAsync(reservationId, sessionId.Value, CancellationToken.None).ConfigureAwait(false);
        }

        return new PaymentProviderAnswer(200, "Processed", $"Session '{sessionId}' is {now.Status}; its hold was released.") { SessionId = sessionId };
    }
}
