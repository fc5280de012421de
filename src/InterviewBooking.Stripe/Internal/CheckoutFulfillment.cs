using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace InterviewBooking.Stripe.Internal;

/// <summary>
/// Applies a Checkout Session Stripe vouched for to the stored payment session, the same way for a webhook and for our own retrieval:
/// checks it against the stored session (the truth) and hands the mapped event to the core's <see cref="PaymentEventProcessor"/>. A session that
/// ends <see cref="PaymentSessionStatus.RefundRequired"/> is refunded by the outbox worker, from the message written with the flag.
/// </summary>
internal sealed class CheckoutFulfillment
{
    private readonly IPaymentSessionStore _sessions;
    private readonly IReservationStore _reservations;
    private readonly PaymentEventProcessor _processor;
    private readonly SessionService _checkouts;
    private readonly ILogger _logger;

    public CheckoutFulfillment(
        IStripeClient stripe,
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        PaymentEventProcessor processor,
        ILogger logger)
    {
        _checkouts = new SessionService(stripe);
        _sessions = sessions;
        _reservations = reservations;
        _processor = processor;
        _logger = logger;
    }

    public Task<Session> RetrieveAsync(string checkoutSessionId, CancellationToken cancellationToken) =>
        StripeCalls.RunAsync("retrieve checkout", () => _checkouts.GetAsync(checkoutSessionId, null, null, cancellationToken), cancellationToken);

    public async Task<StripeWebhookResult> ApplyAsync(CheckoutNotice notice, CancellationToken cancellationToken)
    {
        var checkout = notice.Checkout;
        StripeWebhookResult Result(StripeWebhookStatus status, string detail) =>
            new(status, detail) { EventId = notice.EventId, EventType = notice.EventType };

        if (notice.Kind is not { } kind)
        {
            return Result(StripeWebhookStatus.Ignored, $"Event type '{notice.EventType}' is not acted on.");
        }

        if (checkout.Metadata is null || !checkout.Metadata.TryGetValue(StripeMetadataKeys.PaymentSessionId, out var sessionText))
        {
            Log.ForeignCheckout(_logger, notice.EventId, checkout.Id);
            return Result(StripeWebhookStatus.Ignored, $"Checkout Session '{checkout.Id}' carries no {StripeMetadataKeys.PaymentSessionId}: another integration created it.");
        }

        if (!string.Equals(sessionText, checkout.ClientReferenceId, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(sessionText) || sessionText.Length > IdText.MaxLength)
        {
            Log.CheckoutInconsistent(_logger, notice.EventId, checkout.Id, "client_reference_id");
            return Result(StripeWebhookStatus.Rejected, $"Checkout Session '{checkout.Id}': client_reference_id and metadata {StripeMetadataKeys.PaymentSessionId} disagree or are not an id.")
                with { Rejection = StripeWebhookRejection.InconsistentCheckout };
        }

        var sessionId = new PaymentSessionId(sessionText);
        var paymentEvent = new PaymentEvent
        {
            EventId = notice.EventId,
            Kind = kind,
            SessionId = sessionId,
            ProviderReference = checkout.Id,
            ProviderPaymentReference = checkout.PaymentIntentId,
            IsPaid = notice.IsPaid,
            AmountPaid = notice.AmountPaid,
            OccurredAt = notice.OccurredAt,
        };
        var session = await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            // The core decides how long an unknown session is worth another delivery (measured from the event's creation).
            var unknown = await _processor.ProcessAsync(paymentEvent, cancellationToken).ConfigureAwait(false);
            if (unknown.ShouldRetry)
            {
                Log.RetryLater(_logger, notice.EventId, sessionId, "payment session not known yet");
                return Result(StripeWebhookStatus.RetryLater, $"No payment session '{sessionId}' yet; deliver again.") with { SessionId = sessionId };
            }

            return Result(StripeWebhookStatus.Ignored, unknown.Detail) with { SessionId = sessionId, Payment = unknown };
        }

        if (await FindInconsistencyAsync(checkout, session, cancellationToken).ConfigureAwait(false) is { } field)
        {
            Log.CheckoutInconsistent(_logger, notice.EventId, checkout.Id, field);
            return Result(StripeWebhookStatus.Rejected, $"Checkout Session '{checkout.Id}' disagrees with stored payment session '{sessionId}' on {field}; the stored session stands.")
                with { SessionId = sessionId, Rejection = StripeWebhookRejection.InconsistentCheckout };
        }

        var payment = await _processor.ProcessAsync(paymentEvent, cancellationToken).ConfigureAwait(false);
        var result = Result(payment.ShouldRetry ? StripeWebhookStatus.RetryLater : StripeWebhookStatus.Processed, payment.Detail) with
        {
            SessionId = sessionId,
            Payment = payment,
        };
        if (payment.ShouldRetry)
        {
            Log.RetryLater(_logger, notice.EventId, sessionId, payment.Outcome.ToString());
        }

        return result;
    }

    /// <summary>The field on which the Checkout Session disagrees with the stored session, or <see langword="null"/>.</summary>
    private async Task<string?> FindInconsistencyAsync(Session checkout, PaymentSession session, CancellationToken cancellationToken)
    {
        if (session.ProviderReference is { } stored && !string.Equals(stored, checkout.Id, StringComparison.Ordinal))
        {
            return "checkout session id";
        }

        var metadata = checkout.Metadata;
        if (session.InterviewerId is { IsEmpty: false } interviewerId
            && (!metadata.TryGetValue(StripeMetadataKeys.InterviewerId, out var interviewer) || !string.Equals(interviewer, interviewerId.Value, StringComparison.Ordinal)))
        {
            return StripeMetadataKeys.InterviewerId;
        }

        if (session.ReservationId is { IsEmpty: false } reservationId)
        {
            if (!metadata.TryGetValue(StripeMetadataKeys.ReservationId, out var reservation) || string.IsNullOrWhiteSpace(reservation) || reservation.Length > IdText.MaxLength)
            {
                return StripeMetadataKeys.ReservationId;
            }

            // After payment a hold that ran out may have been taken again (a new reservation id); the checkout still names the first one,
            // which is fine only when it really was this session's hold of this interviewer.
            if (!string.Equals(reservation, reservationId.Value, StringComparison.Ordinal))
            {
                var earlier = await _reservations.GetAsync(new ReservationId(reservation), cancellationToken).ConfigureAwait(false);
                if (earlier is null || earlier.Owner != session.Id.Value || earlier.InterviewerId != session.InterviewerId)
                {
                    return StripeMetadataKeys.ReservationId;
                }
            }
        }

        return null;
    }
}
