using System.Globalization;
using System.Text.Json;
using InterviewBooking.Stripe.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace InterviewBooking.Stripe;

/// <summary>
/// Handles Stripe webhook deliveries, whatever the web framework: give it the raw body, exactly as received, and the <c>Stripe-Signature</c>
/// header; answer Stripe with <see cref="StripeWebhookResult.HttpStatusCode"/>.
/// </summary>
/// <remarks>
/// The signature is checked with Stripe.net's <see cref="EventUtility"/> against <see cref="StripePaymentOptions.WebhookSecret"/> and the injected
/// clock. Events are de-duplicated by id through <see cref="IPaymentEventInbox"/>; distinct events of one session are safe because the core's
/// booking is idempotent. The four <see cref="StripeCheckoutEvents"/> are acted on, and with payouts on the two <see cref="StripeDisputeEvents"/>.
/// </remarks>
public sealed class StripeWebhookHandler
{
    /// <summary>The <c>provider</c> tag of the duplicates counter (<see cref="InterviewBookingTelemetry.WebhookDuplicates"/>).</summary>
    public const string Provider = "stripe";

    private readonly CheckoutFulfillment _fulfillment;
    private readonly PaymentIntentService _intents;
    private readonly DisputeService? _disputes;
    private readonly IPaymentEventInbox _inbox;
    private readonly IOptionsMonitor<StripePaymentOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the handler; with <paramref name="disputes"/> (registered by <c>AddPayouts</c>) it also acts on <see cref="StripeDisputeEvents"/>.</summary>
    public StripeWebhookHandler(
        IStripeClient stripe,
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        IPaymentEventInbox inbox,
        PaymentEventProcessor processor,
        IOptionsMonitor<StripePaymentOptions> options,
        IClock clock,
        ILogger<StripeWebhookHandler>? logger = null,
        DisputeService? disputes = null)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(reservations);
        ArgumentNullException.ThrowIfNull(processor);
        _inbox = inbox ?? throw new ArgumentNullException(nameof(inbox));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _fulfillment = new CheckoutFulfillment(stripe, sessions, reservations, processor, _logger);
        _intents = new PaymentIntentService(stripe);
        _disputes = disputes;
    }

    /// <summary>Verifies, de-duplicates and applies one webhook delivery.</summary>
    /// <param name="body">The request body exactly as received (never re-serialized: the signature covers these bytes).</param>
    /// <param name="signatureHeader">The <c>Stripe-Signature</c> header's value; a missing or empty one is a rejection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done, and the HTTP status to answer (<see cref="StripeWebhookResult.HttpStatusCode"/>).</returns>
    public async Task<StripeWebhookResult> HandleAsync(string body, string? signatureHeader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var result = await VerifyAndApplyAsync(body, signatureHeader, cancellationToken).ConfigureAwait(false);
        if (result.Status == StripeWebhookStatus.Rejected)
        {
            Log.WebhookRejected(_logger, result.Rejection, result.EventId, result.Detail);
        }
        else
        {
            Log.WebhookHandled(_logger, result.EventId, result.EventType, result.SessionId, result.Status, result.Payment?.Outcome);
        }

        return result;
    }

    private async Task<StripeWebhookResult> VerifyAndApplyAsync(string body, string? signatureHeader, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (Verify(body, signatureHeader, options) is { } refused)
        {
            return refused;
        }

        if (Parse(body) is not { } stripeEvent)
        {
            return Reject(StripeWebhookRejection.MalformedPayload, "The signed body is not a Stripe event.");
        }

        if (stripeEvent.Rejected is { } rejected)
        {
            return rejected;
        }

        var evt = stripeEvent.Event!;
        StripeWebhookResult Result(StripeWebhookStatus status, string detail) => new(status, detail) { EventId = evt.Id, EventType = evt.Type };

        if (_disputes is not null && StripeDisputeEvents.All.Contains(evt.Type))
        {
            return await DisputeAsync(evt, _disputes, cancellationToken).ConfigureAwait(false);
        }

        if (!StripeCheckoutEvents.All.Contains(evt.Type))
        {
            return Result(StripeWebhookStatus.Ignored, $"Event type '{evt.Type}' is not acted on; enable only the checkout.session events on this endpoint.");
        }

        if (evt.Data?.Object is not Session checkout || string.IsNullOrEmpty(checkout.Id))
        {
            return Reject(StripeWebhookRejection.MalformedPayload, $"Event '{evt.Id}' ({evt.Type}) carries no Checkout Session.") with { EventId = evt.Id, EventType = evt.Type };
        }

        StripeWebhookResult result;
        try
        {
            if (await _inbox.FindAsync(evt.Id, cancellationToken).ConfigureAwait(false) is { } processed)
            {
                InterviewBookingTelemetry.RecordWebhookDuplicate(Provider);
                return Result(StripeWebhookStatus.Duplicate, string.Create(CultureInfo.InvariantCulture, $"Event '{evt.Id}' was processed at {processed.ProcessedAt} ({processed.Outcome}); nothing done again."))
                    with { SessionId = processed.SessionId };
            }

            result = await _fulfillment.ApplyAsync(
                new CheckoutNotice(evt.Id, evt.Type, checkout, Instant.FromDateTimeUtc(DateTime.SpecifyKind(evt.Created, DateTimeKind.Utc))),
                cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store, inbox or scheduler failure must reach Stripe as "deliver again", never as a lost event; the booking flow is idempotent.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.ProcessingFailed(_logger, exception, evt.Id, evt.Type);
            return Result(StripeWebhookStatus.RetryLater, $"Processing event '{evt.Id}' failed ({exception.GetType().Name}); deliver again.");
        }

        if (result is { Status: StripeWebhookStatus.Processed, Payment: { } payment })
        {
            await RecordAsync(new ProcessedPaymentEvent(evt.Id, evt.Type, result.SessionId, payment.Outcome, _clock.GetCurrentInstant())).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// A dispute event: the dispute's PaymentIntent, retrieved from Stripe, names our payment session in its metadata (a dispute of a charge
    /// another integration made is ignored); the dispute is applied to the session's payout through <see cref="DisputeService"/>.
    /// </summary>
    private async Task<StripeWebhookResult> DisputeAsync(Event evt, DisputeService disputes, CancellationToken cancellationToken)
    {
        StripeWebhookResult Result(StripeWebhookStatus status, string detail) => new(status, detail) { EventId = evt.Id, EventType = evt.Type };
        if (evt.Data?.Object is not Dispute dispute || string.IsNullOrEmpty(dispute.Id))
        {
            return Reject(StripeWebhookRejection.MalformedPayload, $"Event '{evt.Id}' ({evt.Type}) carries no dispute.") with { EventId = evt.Id, EventType = evt.Type };
        }

        DisputeStatus? status = evt.Type == StripeDisputeEvents.Created
            ? DisputeStatus.Open
            : dispute.Status switch
            {
                "won" => DisputeStatus.Won,
                "warning_closed" => DisputeStatus.WarningClosed,
                "lost" => DisputeStatus.Lost,
                _ => null,
            };
        if (status is null)
        {
            return Result(StripeWebhookStatus.Ignored, $"Dispute '{dispute.Id}' closed as '{dispute.Status}', which decides nothing about a payout.");
        }

        try
        {
            if (await _inbox.FindAsync(evt.Id, cancellationToken).ConfigureAwait(false) is { } processed)
            {
                InterviewBookingTelemetry.RecordWebhookDuplicate(Provider);
                return Result(StripeWebhookStatus.Duplicate, string.Create(CultureInfo.InvariantCulture, $"Event '{evt.Id}' was processed at {processed.ProcessedAt} ({processed.Outcome}); nothing done again."))
                    with { SessionId = processed.SessionId };
            }

            if (string.IsNullOrEmpty(dispute.PaymentIntentId))
            {
                return Result(StripeWebhookStatus.Ignored, $"Dispute '{dispute.Id}' names no PaymentIntent: not a Checkout payment of ours.");
            }

            var intent = await StripeCalls.RunAsync("retrieve payment intent", () => _intents.GetAsync(dispute.PaymentIntentId, null, null, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            if (intent.Metadata?.GetValueOrDefault(StripeMetadataKeys.PaymentSessionId) is not { Length: > 0 } sessionText)
            {
                return Result(StripeWebhookStatus.Ignored, $"Dispute '{dispute.Id}': PaymentIntent '{intent.Id}' was not created by InterviewBooking.");
            }

            var sessionId = new PaymentSessionId(sessionText);
            var at = Instant.FromDateTimeUtc(DateTime.SpecifyKind(evt.Created, DateTimeKind.Utc));
            var applied = await disputes.ApplyAsync(new PaymentDispute(dispute.Id, sessionId, status.Value, at), cancellationToken).ConfigureAwait(false);
            Log.DisputeReceived(_logger, evt.Id, evt.Type, dispute.Id, sessionId, applied.Dispute.Status);
            await RecordAsync(new ProcessedPaymentEvent(evt.Id, evt.Type, sessionId, PaymentEventOutcome.DisputeRecorded, _clock.GetCurrentInstant())).ConfigureAwait(false);
            return Result(
                StripeWebhookStatus.Processed,
                $"Dispute '{dispute.Id}' of session '{sessionId}' is {applied.Dispute.Status}; payout {applied.Payout?.Status.ToString() ?? "not recorded yet"}.")
                with { SessionId = sessionId };
        }
#pragma warning disable CA1031 // As for checkout events: a failure reaches Stripe as "deliver again"; applying a dispute is idempotent.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.ProcessingFailed(_logger, exception, evt.Id, evt.Type);
            return Result(StripeWebhookStatus.RetryLater, $"Processing event '{evt.Id}' failed ({exception.GetType().Name}); deliver again.");
        }
    }

    /// <summary>Records a processed event. The work is done either way: when recording fails, a redelivery is processed again, which is safe.</summary>
    private async Task RecordAsync(ProcessedPaymentEvent processed)
    {
        try
        {
            await _inbox.TryRecordAsync(processed, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Answering what was done beats failing a delivery whose effects stand.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.RecordFailed(_logger, exception, processed.EventId);
        }
    }

    private StripeWebhookResult? Verify(string body, string? signatureHeader, StripePaymentOptions options)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return Reject(StripeWebhookRejection.MissingSignature, "The Stripe-Signature header is missing or empty.");
        }

        if (!LooksLikeSignatureHeader(signatureHeader))
        {
            return Reject(StripeWebhookRejection.MalformedSignatureHeader, "The Stripe-Signature header is not of the form t=<timestamp>,v1=<signature>.");
        }

        var now = _clock.GetCurrentInstant().ToUnixTimeSeconds();
        var tolerance = (long)options.WebhookTolerance.TotalSeconds;
        try
        {
            EventUtility.ValidateSignature(body, signatureHeader, options.WebhookSecret, tolerance, now);
            return null;
        }
        catch (StripeException)
        {
            // Stripe.net says why only in prose; checking once more without the time limit tells a stale signature from a wrong one.
            return SignsBody(body, signatureHeader, options.WebhookSecret, now)
                ? Reject(StripeWebhookRejection.TimestampOutsideTolerance, $"The signature's timestamp is more than {options.WebhookTolerance} from now (a replay, or a wrong clock).")
                : Reject(StripeWebhookRejection.SignatureMismatch, "No v1 signature in the Stripe-Signature header matches the body under the webhook secret.");
        }
    }

    private static bool SignsBody(string body, string signatureHeader, string secret, long now)
    {
        try
        {
            EventUtility.ValidateSignature(body, signatureHeader, secret, long.MaxValue / 2, now);
            return true;
        }
        catch (StripeException)
        {
            return false;
        }
    }

    private static bool LooksLikeSignatureHeader(string header)
    {
        bool timestamp = false, signature = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            timestamp |= key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            signature |= key == "v1" && value.Length > 0;
        }

        return timestamp && signature;
    }

    /// <summary>Reads the verified body as a Stripe event; <see langword="null"/> when it is not JSON of an event.</summary>
    private static ParsedEvent? Parse(string body)
    {
        string? apiVersion;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString())
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            apiVersion = root.TryGetProperty("api_version", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            return new ParsedEvent(null, Reject(StripeWebhookRejection.UnsupportedApiVersion, $"The event names no API version; Stripe.net expects {StripeConfiguration.ApiVersion}."));
        }

        try
        {
            return new ParsedEvent(EventUtility.ParseEvent(body, throwOnApiVersionMismatch: true), null);
        }
        catch (StripeException)
        {
            return new ParsedEvent(null, Reject(
                StripeWebhookRejection.UnsupportedApiVersion,
                $"The event was rendered for API version {apiVersion}; Stripe.net expects {StripeConfiguration.ApiVersion}. Set the webhook endpoint's API version to it."));
        }
#pragma warning disable CA1031 // Stripe.net throws several exception types for a body that is JSON but not an event; all mean the same to the sender.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static StripeWebhookResult Reject(StripeWebhookRejection rejection, string detail) =>
        new(StripeWebhookStatus.Rejected, detail) { Rejection = rejection };

    private sealed record ParsedEvent(Event? Event, StripeWebhookResult? Rejected);
}
