using InterviewBooking.Stripe.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace InterviewBooking.Stripe;

/// <summary>
/// Creates Stripe Checkout Sessions for pending payment sessions: mode <c>payment</c>, one line item at the session's server-side price,
/// <c>client_reference_id</c> = payment session id, id-only metadata on the session and its PaymentIntent, <c>expires_at</c> = the hold's end,
/// and an idempotency key fixed per payment session. Expires and retrieves them, and refunds their PaymentIntents (the refund's idempotency
/// key is kept in its metadata, so a lookup past the 24 hours Stripe remembers keys still recognises it).
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway
{
    private readonly SessionService _checkouts;
    private readonly RefundService _refunds;
    private readonly IOptionsMonitor<StripePaymentOptions> _options;
    private readonly IOptionsMonitor<InterviewBookingOptions> _bookingOptions;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly CheckoutParameters _parameters = new();

    /// <summary>Creates the gateway.</summary>
    public StripePaymentGateway(
        IStripeClient stripe,
        IOptionsMonitor<StripePaymentOptions> options,
        IOptionsMonitor<InterviewBookingOptions> bookingOptions,
        IClock clock,
        ILogger<StripePaymentGateway>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        _checkouts = new SessionService(stripe);
        _refunds = new RefundService(stripe);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _bookingOptions = bookingOptions ?? throw new ArgumentNullException(nameof(bookingOptions));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The session has no id or is not <see cref="PaymentSessionStatus.Pending"/>.</exception>
    /// <exception cref="InterviewBookingException">The hold ends too soon or too late for a Stripe Checkout Session (30 minutes to 24 hours from now).</exception>
    /// <exception cref="PreMatchedInterviewerException">The session has no pre-matched interviewer or reservation to put in the metadata.</exception>
    /// <exception cref="StripePaymentException">Stripe refused the checkout or could not be reached.</exception>
    public async Task<CheckoutSession> CreateCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Id.IsEmpty)
        {
            throw new ArgumentException("A checkout needs a payment session id; Id is empty.", nameof(session));
        }

        if (session.Status != PaymentSessionStatus.Pending)
        {
            throw new ArgumentException($"A checkout is created only for a Pending session; session '{session.Id}' is {session.Status}.", nameof(session));
        }

        var now = _clock.GetCurrentInstant();
        var lifetime = session.ExpiresAt - now;
        if (lifetime < StripeHoldDurationValidator.StripeMinimum || lifetime > StripeHoldDurationValidator.StripeMaximum)
        {
            throw new InterviewBookingException(
                $"Session '{session.Id}': its hold ends in {lifetime}, but a Stripe Checkout Session must expire "
                + $"{StripeHoldDurationValidator.StripeMinimum} to {StripeHoldDurationValidator.StripeMaximum} after it is created.");
        }

        var parameters = _parameters.GetOrCompute(session, _options.CurrentValue, ProductName(session), now);
        var requestOptions = new RequestOptions { IdempotencyKey = IdempotencyKeys.Checkout(session.Id) };
        var created = await StripeCalls.RunAsync(
            "create checkout",
            () => _checkouts.CreateAsync(parameters, requestOptions, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(created.Id) || !Uri.TryCreate(created.Url, UriKind.Absolute, out var url))
        {
            throw new StripePaymentException($"Stripe created checkout '{created.Id}' for session '{session.Id}' without a usable URL.") { Operation = "create checkout" };
        }

        _parameters.Forget(session.Id);
        Log.CheckoutCreated(_logger, session.Id, created.Id, session.ExpiresAt);
        return new CheckoutSession(created.Id, url);
    }

    /// <inheritdoc />
    /// <remarks>Stripe's <c>POST /v1/checkout/sessions/{id}/expire</c>; when Stripe refuses because the checkout is no longer open, its state decides.</remarks>
    /// <exception cref="StripePaymentException">Stripe could not be reached, or refused for another reason.</exception>
    public async Task<CheckoutExpiryOutcome> ExpireCheckoutAsync(PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (session.ProviderReference is not { } reference)
        {
            return CheckoutExpiryOutcome.AlreadyClosed;
        }

        try
        {
            var requestOptions = new RequestOptions { IdempotencyKey = idempotencyKey };
            await StripeCalls.RunAsync("expire checkout", () => _checkouts.ExpireAsync(reference, null, requestOptions, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            return CheckoutExpiryOutcome.Expired;
        }
        catch (StripePaymentException exception) when (!exception.IsTransient)
        {
            // Stripe expires only an open checkout: what it is now says why.
            var checkout = await RetrieveAsync(reference, cancellationToken).ConfigureAwait(false);
            switch (checkout.Status)
            {
                case "complete":
                    return CheckoutExpiryOutcome.Completed;
                case "expired":
                    return CheckoutExpiryOutcome.AlreadyClosed;
                default:
                    Log.ExpireRefused(_logger, exception, session.Id, checkout.Status);
                    throw;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="StripePaymentException">Stripe does not know the checkout, or could not be reached.</exception>
    /// <exception cref="InterviewBookingException">The Checkout Session Stripe returns names another payment session.</exception>
    public async Task<PaymentEvent?> RetrieveCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.ProviderReference is not { } reference)
        {
            return null;
        }

        var checkout = await RetrieveAsync(reference, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(checkout.ClientReferenceId, session.Id.Value, StringComparison.Ordinal))
        {
            throw new InterviewBookingException($"Checkout Session '{checkout.Id}' names payment session '{checkout.ClientReferenceId}', not '{session.Id}'.");
        }

        var eventType = checkout.Status switch
        {
            "complete" => StripeCheckoutEvents.Completed,
            "expired" => StripeCheckoutEvents.Expired,
            _ => null,
        };
        if (eventType is null)
        {
            return null;
        }

        var notice = new CheckoutNotice("retrieved:" + checkout.Id, eventType, checkout, _clock.GetCurrentInstant());
        return new PaymentEvent
        {
            EventId = notice.EventId,
            Kind = notice.Kind!.Value,
            SessionId = session.Id,
            ProviderReference = checkout.Id,
            ProviderPaymentReference = checkout.PaymentIntentId,
            IsPaid = notice.IsPaid,
            AmountPaid = notice.AmountPaid,
            OccurredAt = notice.OccurredAt,
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// Refunds the session's PaymentIntent (kept when it was paid, or read from its Checkout Session). <paramref name="idempotencyKey"/> is
    /// Stripe's idempotency key and is kept in the refund's metadata (<see cref="StripeMetadataKeys.RefundKey"/>) beside the payment session id.
    /// A payment Stripe says is refunded already answers the refund found there.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The session was never paid through Stripe.</exception>
    /// <exception cref="StripePaymentException">Stripe refused the refund or could not be reached.</exception>
    public async Task<ProviderRefund> RefundAsync(PaymentSession session, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var paymentIntentId = await PaymentIntentOfAsync(session, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Payment session '{session.Id}' has no Stripe PaymentIntent: nothing was paid, so nothing is refunded.");
        var options = new RefundCreateOptions
        {
            PaymentIntent = paymentIntentId,
            Amount = amount?.MinorUnits,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [StripeMetadataKeys.PaymentSessionId] = session.Id.Value,
                [StripeMetadataKeys.RefundKey] = idempotencyKey,
            },
        };
        try
        {
            var refund = await StripeCalls.RunAsync(
                "refund", () => _refunds.CreateAsync(options, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            Log.Refunded(_logger, session.Id, paymentIntentId, refund.Id, refund.Status);
            return ToProviderRefund(refund);
        }
        catch (StripePaymentException exception) when (exception.ErrorCode is "charge_already_refunded")
        {
            var made = await ListAsync(paymentIntentId, cancellationToken).ConfigureAwait(false);
            Log.Refunded(_logger, session.Id, paymentIntentId, null, "already_refunded");
            if (made.LastOrDefault(static r => r.Counts) is not { } earlier)
            {
                throw;
            }

            return earlier;
        }
    }

    /// <inheritdoc />
    /// <exception cref="StripePaymentException">Stripe could not be reached.</exception>
    public async Task<IReadOnlyList<ProviderRefund>> ListRefundsAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await PaymentIntentOfAsync(session, cancellationToken).ConfigureAwait(false) is { } paymentIntentId
            ? await ListAsync(paymentIntentId, cancellationToken).ConfigureAwait(false)
            : [];
    }

    private async Task<IReadOnlyList<ProviderRefund>> ListAsync(string paymentIntentId, CancellationToken cancellationToken)
    {
        // A payment has a handful of refunds at most; one page of 100 holds them.
        var page = await StripeCalls.RunAsync(
            "list refunds",
            () => _refunds.ListAsync(new RefundListOptions { PaymentIntent = paymentIntentId, Limit = 100 }, null, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return [.. page.Data.Select(ToProviderRefund).OrderBy(static r => r.CreatedAt)];
    }

    /// <summary>The PaymentIntent of a paid session: kept with it, or read from its Checkout Session.</summary>
    internal async Task<string?> PaymentIntentOfAsync(PaymentSession session, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(session.ProviderPaymentReference))
        {
            return session.ProviderPaymentReference;
        }

        // Paid before the PaymentIntent was kept with the session: its Checkout Session names it.
        return session.ProviderReference is { } reference
            ? (await RetrieveAsync(reference, cancellationToken).ConfigureAwait(false)).PaymentIntentId is { Length: > 0 } id ? id : null
            : null;
    }

    private Task<Session> RetrieveAsync(string checkoutSessionId, CancellationToken cancellationToken) =>
        StripeCalls.RunAsync("retrieve checkout", () => _checkouts.GetAsync(checkoutSessionId, null, null, cancellationToken), cancellationToken);

    private static ProviderRefund ToProviderRefund(Refund refund) =>
        new(
            refund.Id,
            new Money(refund.Amount, refund.Currency),
            refund.Status switch
            {
                "succeeded" => ProviderRefundStatus.Succeeded,
                "failed" => ProviderRefundStatus.Failed,
                "canceled" => ProviderRefundStatus.Canceled,
                _ => ProviderRefundStatus.Pending, // pending, requires_action
            },
            Instant.FromDateTimeUtc(DateTime.SpecifyKind(refund.Created, DateTimeKind.Utc)))
        {
            IdempotencyKey = refund.Metadata?.GetValueOrDefault(StripeMetadataKeys.RefundKey),
        };

    private string ProductName(PaymentSession session)
    {
        var plan = _bookingOptions.CurrentValue.Plans.FirstOrDefault(p => string.Equals(p.Id, session.PlanId, StringComparison.Ordinal));
        return string.IsNullOrWhiteSpace(plan?.Name) ? "Mock interview" : plan.Name;
    }
}
