using InterviewBooking.Stripe.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace InterviewBooking.Stripe;

/// <summary>
/// What our server asks Stripe for, outside webhooks: the success-page check (retrieve the Checkout Session and fulfill it, so a slow
/// webhook does not keep the candidate waiting), cancellation before payment (expire the Checkout Session), and refunds.
/// </summary>
public sealed class StripeCheckoutService
{
    private readonly CheckoutFulfillment _fulfillment;
    private readonly SessionService _checkouts;
    private readonly StripePaymentGateway _gateway;
    private readonly IPaymentSessionStore _sessions;
    private readonly IReservationStore _reservations;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public StripeCheckoutService(
        IStripeClient stripe,
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        PaymentEventProcessor processor,
        StripePaymentGateway gateway,
        IClock clock,
        ILogger<StripeCheckoutService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        ArgumentNullException.ThrowIfNull(processor);
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _checkouts = new SessionService(stripe);
        _fulfillment = new CheckoutFulfillment(stripe, sessions, reservations, processor, _logger);
    }

    /// <summary>
    /// The success-page path: retrieves the Checkout Session from Stripe (so nothing the browser sends is trusted) and fulfills it exactly as
    /// its webhook would: a paid one books, an asynchronous one waits, an expired one releases the hold. Safe to run alongside the webhook.
    /// </summary>
    /// <param name="checkoutSessionId">The Checkout Session id from the success URL (<see cref="StripePaymentOptions.CheckoutSessionIdPlaceholder"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done; <see cref="StripeWebhookStatus.Ignored"/> while the checkout is still open.</returns>
    /// <exception cref="ArgumentException"><paramref name="checkoutSessionId"/> is blank or too long.</exception>
    /// <exception cref="StripePaymentException">Stripe does not know the Checkout Session, or could not be reached.</exception>
    public async Task<StripeWebhookResult> ConfirmCheckoutAsync(string checkoutSessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkoutSessionId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(checkoutSessionId.Length, IdText.MaxLength, nameof(checkoutSessionId));
        var checkout = await _fulfillment.RetrieveAsync(checkoutSessionId, cancellationToken).ConfigureAwait(false);
        return await ApplyRetrievedAsync(checkout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a booking before payment: expires its Checkout Session at Stripe (so it can no longer be paid), marks the session
    /// <see cref="PaymentSessionStatus.Canceled"/> and releases the hold. When Stripe answers that the checkout was completed meanwhile,
    /// the payment is fulfilled instead.
    /// </summary>
    /// <param name="sessionId">The payment session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="StripeWebhookStatus.Processed"/> with <see cref="PaymentEventOutcome.Released"/> when canceled (or with the fulfillment's outcome
    /// when it had been paid); <see cref="StripeWebhookStatus.Ignored"/> when the session is unknown or past the point of canceling.
    /// </returns>
    /// <exception cref="StripePaymentException">Stripe could not be reached, or refused for another reason; nothing was changed.</exception>
    public async Task<StripeWebhookResult> CancelCheckoutAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        var session = await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new StripeWebhookResult(StripeWebhookStatus.Ignored, $"No payment session '{sessionId}'.") { SessionId = sessionId };
        }

        if (session.Status != PaymentSessionStatus.Pending)
        {
            return new StripeWebhookResult(StripeWebhookStatus.Ignored, $"Session '{sessionId}' is {session.Status}; only a Pending session is canceled.") { SessionId = sessionId };
        }

        if (session.ProviderReference is not { } reference)
        {
            return await CancelLocallyAsync(session, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var requestOptions = new RequestOptions { IdempotencyKey = IdempotencyKeys.Expire(sessionId) };
            await StripeCalls.RunAsync("expire checkout", () => _checkouts.ExpireAsync(reference, null, requestOptions, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (StripePaymentException exception) when (!exception.IsTransient)
        {
            // Stripe expires only an open checkout: look at what it is now. Complete means the candidate paid, so fulfill.
            var checkout = await _fulfillment.RetrieveAsync(reference, cancellationToken).ConfigureAwait(false);
            if (checkout.Status == "complete")
            {
                return await ApplyRetrievedAsync(checkout, cancellationToken).ConfigureAwait(false);
            }

            if (checkout.Status != "expired")
            {
                throw;
            }
        }

        return await CancelLocallyAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refunds the Stripe payment of a session now, ahead of the outbox worker (which issues every refund owed by itself): in full when it is
    /// flagged <see cref="PaymentSessionStatus.RefundRequired"/>, or the amount the cancellation policy decided when the booking was canceled
    /// (<see cref="PaymentSessionStatus.BookingCanceled"/> with a <see cref="PaymentSession.Refund"/>). Idempotent per payment session: a refund
    /// Stripe already holds for the payment (this call's, the worker's, or one made in the dashboard) is reported instead of refunding again,
    /// and the worker records whichever refund it finds when it marks the session <see cref="PaymentSessionStatus.Refunded"/>.
    /// </summary>
    /// <param name="sessionId">The payment session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The refund.</returns>
    /// <exception cref="InvalidOperationException">
    /// No such session; it is neither flagged for refund nor canceled with a refund due; or it was never paid through Stripe.
    /// </exception>
    /// <exception cref="StripePaymentException">Stripe refused the refund or could not be reached.</exception>
    public async Task<StripeRefundResult> RefundAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        var session = await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No payment session '{sessionId}'.");
        long? amount = session.Status switch
        {
            PaymentSessionStatus.RefundRequired => null,
            PaymentSessionStatus.Refunded => throw new InvalidOperationException(
                $"Session '{sessionId}' was refunded already (refund {session.IssuedRefund?.ProviderRefundId})."),
            PaymentSessionStatus.BookingCanceled when session.Refund is { Amount.MinorUnits: > 0 } decision
                && decision.Amount.Currency == session.Price.Total.Currency => decision.Amount.MinorUnits,
            PaymentSessionStatus.BookingCanceled => throw new InvalidOperationException(
                $"Session '{sessionId}' was canceled with no refund due ({session.Refund?.Policy ?? "no refund decision"})."),
            _ => throw new InvalidOperationException(
                $"Only a RefundRequired session, or a canceled booking with a refund due, is refunded; session '{sessionId}' is {session.Status}."),
        };
        var paymentIntentId = await _gateway.PaymentIntentOfAsync(session, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Payment session '{sessionId}' has no Stripe PaymentIntent: nothing was paid.");
        var made = await _gateway.ListRefundsAsync(session, cancellationToken).ConfigureAwait(false);
        if (made.LastOrDefault(static r => r.Counts) is { } earlier)
        {
            return new StripeRefundResult(sessionId, paymentIntentId, earlier.Id, StripeRefundResult.AlreadyRefundedStatus);
        }

        var refund = await _gateway.RefundAsync(session, amount is { } minor ? new Money(minor, session.Price.Total.Currency) : null, IdempotencyKeys.Refund(sessionId), cancellationToken)
            .ConfigureAwait(false);
        return new StripeRefundResult(sessionId, paymentIntentId, refund.Id, StripeRefundResult.StatusName(refund.Status));
    }

    private Task<StripeWebhookResult> ApplyRetrievedAsync(Session checkout, CancellationToken cancellationToken)
    {
        var eventType = checkout.Status switch
        {
            "complete" => StripeCheckoutEvents.Completed,
            "expired" => StripeCheckoutEvents.Expired,
            _ => null,
        };
        if (eventType is null)
        {
            // Nothing to fulfill yet, but the return page can still show the booking that waits for payment.
            return Task.FromResult(new StripeWebhookResult(StripeWebhookStatus.Ignored, $"Checkout Session '{checkout.Id}' is {checkout.Status}: not completed yet.")
            {
                SessionId = SessionNamedBy(checkout),
            });
        }

        var notice = new CheckoutNotice("retrieved:" + checkout.Id, eventType, checkout, _clock.GetCurrentInstant());
        return _fulfillment.ApplyAsync(notice, cancellationToken);
    }

    /// <summary>The payment session a checkout of ours names, when its client_reference_id and metadata agree (as fulfillment requires).</summary>
    private static PaymentSessionId? SessionNamedBy(Session checkout) =>
        checkout.Metadata is { } metadata && metadata.TryGetValue(StripeMetadataKeys.PaymentSessionId, out var id)
            && string.Equals(id, checkout.ClientReferenceId, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(id) && id.Length <= IdText.MaxLength
            ? new PaymentSessionId(id)
            : null;

    private async Task<StripeWebhookResult> CancelLocallyAsync(PaymentSession session, CancellationToken cancellationToken)
    {
        var canceled = await _sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Canceled, _clock.GetCurrentInstant())
            {
                ExpectedVersion = session.Version,
                Reason = "Canceled before payment; the checkout was expired.",
            },
            CancellationToken.None).ConfigureAwait(false);
        var now = canceled.Session ?? session;
        if (!canceled.Succeeded && now.Status is not (PaymentSessionStatus.Canceled or PaymentSessionStatus.Expired))
        {
            return new StripeWebhookResult(StripeWebhookStatus.Ignored, $"Session '{session.Id}' became {now.Status} meanwhile; not canceled.") { SessionId = session.Id };
        }

        if (now.ReservationId is { IsEmpty: false } reservationId)
        {
            await _reservations.TryReleaseAsync(reservationId, session.Id.Value, CancellationToken.None).ConfigureAwait(false);
        }

        Log.CheckoutCanceled(_logger, session.Id, session.ProviderReference);
        var detail = $"Session '{session.Id}' is {now.Status}; its hold was released.";
        return new StripeWebhookResult(StripeWebhookStatus.Processed, detail)
        {
            SessionId = session.Id,
            Payment = new PaymentEventResult(PaymentEventOutcome.Released, now, detail),
        };
    }
}
