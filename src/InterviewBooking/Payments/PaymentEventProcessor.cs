using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace InterviewBooking;

/// <summary>
/// Applies verified payment events to payment sessions: a captured payment marks the session paid and auto-books it;
/// an expired checkout or a failed payment releases the hold. Safe under duplicate, reordered and concurrent delivery.
/// </summary>
public sealed class PaymentEventProcessor
{
    private const int MaxCompareAndSetRounds = 8;

    private readonly IPaymentSessionStore _sessions;
    private readonly IReservationStore _reservations;
    private readonly ICouponRedemptionStore _coupons;
    private readonly AutoBookingService _autoBooking;
    private readonly PriceCalculator _prices;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the processor.</summary>
    public PaymentEventProcessor(
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        ICouponRedemptionStore coupons,
        AutoBookingService autoBooking,
        PriceCalculator prices,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        ILogger<PaymentEventProcessor>? logger = null)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _coupons = coupons ?? throw new ArgumentNullException(nameof(coupons));
        _autoBooking = autoBooking ?? throw new ArgumentNullException(nameof(autoBooking));
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Applies one verified event.</summary>
    /// <param name="paymentEvent">The event, as a gateway adapter verified and mapped it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened, and whether the provider should deliver the event again (<see cref="PaymentEventResult.ShouldRetry"/>).</returns>
    public Task<PaymentEventResult> ProcessAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default) =>
        ProcessAsync(paymentEvent, waitForOtherWorker: true, cancellationToken);

    /// <summary>
    /// Applies one event; a delivery waits for another worker's booking (<see cref="InterviewBookingOptions.InProgressWait"/>), while the
    /// sweeper and the outbox, which come back to the session on their own, pass <paramref name="waitForOtherWorker"/> false and move on.
    /// </summary>
    internal async Task<PaymentEventResult> ProcessAsync(PaymentEvent paymentEvent, bool waitForOtherWorker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentEvent.EventId, nameof(paymentEvent));
        if (paymentEvent.SessionId.IsEmpty)
        {
            throw new ArgumentException("The payment event names no payment session.", nameof(paymentEvent));
        }

        var result = await ApplyAsync(paymentEvent, cancellationToken).ConfigureAwait(false);
        if (waitForOtherWorker && result.Outcome == PaymentEventOutcome.InProgress && _options.CurrentValue.InProgressWait > Duration.Zero)
        {
            result = await WaitForOtherWorkerAsync(paymentEvent, cancellationToken).ConfigureAwait(false);
        }

        Log.EventProcessed(_logger, paymentEvent.EventId, paymentEvent.Kind, paymentEvent.SessionId, result.Outcome);
        return result;
    }

    /// <summary>
    /// Another worker is booking the session (most often the first copy of a duplicate delivery): applies the event again every poll
    /// interval until that booking ended or <see cref="InterviewBookingOptions.InProgressWait"/> ran out, so the provider is answered
    /// from the outcome rather than told to deliver again. Only reads happen while the other worker holds its claim.
    /// </summary>
    private async Task<PaymentEventResult> WaitForOtherWorkerAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var polls = (int)Math.Max(1, options.InProgressWait.TotalMilliseconds / options.InProgressPollInterval.TotalMilliseconds);
        var pipeline = new ResiliencePipelineBuilder<PaymentEventResult>()
            .AddRetry(new RetryStrategyOptions<PaymentEventResult>
            {
                ShouldHandle = new PredicateBuilder<PaymentEventResult>().HandleResult(r => r.Outcome == PaymentEventOutcome.InProgress),
                MaxRetryAttempts = polls,
                Delay = options.InProgressPollInterval.ToTimeSpan(),
                BackoffType = DelayBackoffType.Constant,
            })
            .Build();
        return await pipeline.ExecuteAsync(
            static async (state, token) => await state.Processor.ApplyAsync(state.Event, token).ConfigureAwait(false),
            (Processor: this, Event: paymentEvent),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<PaymentEventResult> ApplyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        var session = await _sessions.GetAsync(paymentEvent.SessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return UnknownSession(paymentEvent);
        }

        if (paymentEvent.ProviderReference is { } reference && session.ProviderReference is { } stored
            && !string.Equals(reference, stored, StringComparison.Ordinal))
        {
            Log.ProviderReferenceMismatch(_logger, paymentEvent.EventId, reference, session.Id, stored);
            return new PaymentEventResult(PaymentEventOutcome.Ignored, session, $"The event names checkout '{reference}', the session has '{stored}'.");
        }

        return paymentEvent.Kind switch
        {
            PaymentEventKind.CheckoutCompleted when !paymentEvent.IsPaid => await MarkProcessingAsync(session, paymentEvent, cancellationToken).ConfigureAwait(false),
            PaymentEventKind.CheckoutCompleted or PaymentEventKind.AsyncPaymentSucceeded => await MarkPaidAndBookAsync(session, paymentEvent, cancellationToken).ConfigureAwait(false),
            PaymentEventKind.AsyncPaymentFailed => await CloseUnpaidAsync(session, paymentEvent, PaymentSessionStatus.Failed, cancellationToken).ConfigureAwait(false),
            PaymentEventKind.CheckoutExpired => await CloseUnpaidAsync(session, paymentEvent, PaymentSessionStatus.Expired, cancellationToken).ConfigureAwait(false),
            _ => new PaymentEventResult(PaymentEventOutcome.Ignored, session, $"Event kind {paymentEvent.Kind} is not acted on."),
        };
    }

    private async Task<PaymentEventResult> MarkProcessingAsync(PaymentSession? session, PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxCompareAndSetRounds && session is not null; round++)
        {
            if (session.Status == PaymentSessionStatus.Processing)
            {
                return new PaymentEventResult(PaymentEventOutcome.AwaitingPayment, session, "The payment is still processing.");
            }

            if (session.Status != PaymentSessionStatus.Pending)
            {
                return new PaymentEventResult(PaymentEventOutcome.Ignored, session, $"The session is already {session.Status}.");
            }

            var moved = await TransitionAsync(session, PaymentSessionStatus.Processing, paymentEvent, null, null, cancellationToken).ConfigureAwait(false);
            if (moved.Succeeded)
            {
                return new PaymentEventResult(PaymentEventOutcome.AwaitingPayment, moved.Session, "An asynchronous payment started.");
            }

            session = moved.Session;
        }

        return Unsettled(session);
    }

    private async Task<PaymentEventResult> MarkPaidAndBookAsync(PaymentSession? session, PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxCompareAndSetRounds && session is not null; round++)
        {
            if (session.Status is PaymentSessionStatus.Pending or PaymentSessionStatus.Processing
                or PaymentSessionStatus.Expired or PaymentSessionStatus.Canceled or PaymentSessionStatus.Failed)
            {
                var refundReason = await CheckPaymentAsync(session, paymentEvent, cancellationToken).ConfigureAwait(false);

                // Paid and claimed in one store call, then booked; a lost compare-and-set goes round again from the session it read.
                if (refundReason is null
                    && await BookAsync(
                        () => _autoBooking.TryPayAndBookAsync(session, Transition(session, PaymentSessionStatus.Paid, paymentEvent, null, null), cancellationToken),
                        session.Id,
                        cancellationToken).ConfigureAwait(false) is { } attempt)
                {
                    if (attempt.Result is { } result)
                    {
                        return result;
                    }

                    session = attempt.Session;
                    continue;
                }

                var moved = refundReason is null
                    ? await TransitionAsync(session, PaymentSessionStatus.Paid, paymentEvent, null, null, cancellationToken).ConfigureAwait(false)
                    : await TransitionAsync(
                        session, PaymentSessionStatus.RefundRequired, paymentEvent, refundReason, BookingNotificationKind.RefundRequired, cancellationToken).ConfigureAwait(false);
                if (!moved.Succeeded)
                {
                    session = moved.Session;
                    continue;
                }

                if (refundReason is not null)
                {
                    InterviewBookingTelemetry.RefundsRequiredCounter.Add(1);
                    Log.RefundRequired(_logger, session.Id, refundReason);
                    await ReleaseHoldAsync(moved.Session!, cancellationToken).ConfigureAwait(false);
                    return new PaymentEventResult(PaymentEventOutcome.RefundRequired, moved.Session, refundReason);
                }

                session = moved.Session!;
            }

            if (session.Status == PaymentSessionStatus.RefundRequired)
            {
                return new PaymentEventResult(PaymentEventOutcome.RefundRequired, session, session.StatusReason ?? "Refund required.");
            }

            var current = session;
            var booked = await BookAsync(
                async () => BookingAttempt.Made(await _autoBooking.BookReadSessionAsync(current, cancellationToken).ConfigureAwait(false)),
                session.Id,
                cancellationToken).ConfigureAwait(false);
            return booked!.Value.Result!;
        }

        return Unsettled(session);
    }

    /// <summary>
    /// Runs one auto-booking attempt and maps its booking to the event's result; <see langword="null"/> when <paramref name="attempt"/> made none.
    /// Inconsistent pre-matched data flags the session (auto-booking does it) and answers "refund required" with the session as it is now.
    /// </summary>
    private async Task<(PaymentEventResult? Result, PaymentSession? Session)?> BookAsync(
        Func<Task<BookingAttempt?>> attempt, PaymentSessionId sessionId, CancellationToken cancellationToken)
    {
        BookingAttempt? made;
        try
        {
            made = await attempt().ConfigureAwait(false);
        }
        catch (PreMatchedInterviewerException exception)
        {
            var current = await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
            return (new PaymentEventResult(PaymentEventOutcome.RefundRequired, current, exception.Message), current);
        }

        if (made is not { Booking: { } booking } attempted)
        {
            return made is { } lost ? (null, lost.Session) : null;
        }

        var outcome = booking.Outcome switch
        {
            BookingOutcome.Booked or BookingOutcome.AlreadyBooked => PaymentEventOutcome.Booked,
            BookingOutcome.ReservationLost or BookingOutcome.RefundRequired => PaymentEventOutcome.RefundRequired,
            BookingOutcome.InProgress => PaymentEventOutcome.InProgress,
            BookingOutcome.SessionNotFound => PaymentEventOutcome.SessionNotFound,
            _ => PaymentEventOutcome.Ignored,
        };
        return (new PaymentEventResult(outcome, booking.Session, booking.Reason ?? outcome.ToString()) { Booking = booking }, attempted.Session);
    }

    /// <summary>Why a captured payment cannot be booked (wrong amount, coupon exhausted, session closed), or <see langword="null"/>.</summary>
    private async Task<string?> CheckPaymentAsync(PaymentSession session, PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (session.Status is PaymentSessionStatus.Expired or PaymentSessionStatus.Canceled or PaymentSessionStatus.Failed)
        {
            return $"A payment arrived for a session that was already {session.Status}; refund required.";
        }

        if (paymentEvent.AmountPaid != session.Price.Total)
        {
            var paid = paymentEvent.AmountPaid?.ToString() ?? "no amount";
            return $"The payment ({paid}) does not equal the session's price ({session.Price.Total}); refund required.";
        }

        if (session.Price.CouponCode is { } code)
        {
            // Counted once per paid session, atomically; a repeat delivery finds it already redeemed.
            var limit = _prices.FindCoupon(code)?.UsageLimit;
            var redemption = await _coupons.TryRedeemAsync(code, session.Id, limit, cancellationToken).ConfigureAwait(false);
            if (redemption == CouponRedemptionOutcome.LimitReached)
            {
                return $"Coupon '{code}' reached its usage limit of {limit} before this payment; refund required.";
            }
        }

        return null;
    }

    private async Task<PaymentEventResult> CloseUnpaidAsync(
        PaymentSession? session, PaymentEvent paymentEvent, PaymentSessionStatus closed, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxCompareAndSetRounds && session is not null; round++)
        {
            var canClose = session.Status == PaymentSessionStatus.Pending
                || (session.Status == PaymentSessionStatus.Processing && closed == PaymentSessionStatus.Failed);
            if (!canClose)
            {
                if (session.Status == closed)
                {
                    await ReleaseHoldAsync(session, cancellationToken).ConfigureAwait(false);
                    return new PaymentEventResult(PaymentEventOutcome.Released, session, $"The session was already {closed}.");
                }

                return new PaymentEventResult(PaymentEventOutcome.Ignored, session, $"The session is {session.Status}; a {paymentEvent.Kind} event changes nothing.");
            }

            var moved = await TransitionAsync(session, closed, paymentEvent, $"{paymentEvent.Kind} ({paymentEvent.EventId})", null, cancellationToken).ConfigureAwait(false);
            if (moved.Succeeded)
            {
                await ReleaseHoldAsync(moved.Session!, cancellationToken).ConfigureAwait(false);
                return new PaymentEventResult(PaymentEventOutcome.Released, moved.Session, $"The session is {closed}; its hold was released.");
            }

            session = moved.Session;
        }

        return Unsettled(session);
    }

    private async Task ReleaseHoldAsync(PaymentSession session, CancellationToken cancellationToken)
    {
        if (session.ReservationId is { IsEmpty: false } reservationId)
        {
            await _reservations.TryReleaseAsync(reservationId, session.Id.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A compare-and-set from the status read; <paramref name="notify"/> adds that notification to the outbox with the change.</summary>
    private Task<PaymentSessionUpdateResult> TransitionAsync(
        PaymentSession session,
        PaymentSessionStatus to,
        PaymentEvent paymentEvent,
        string? reason,
        BookingNotificationKind? notify,
        CancellationToken cancellationToken) =>
        _sessions.TryTransitionAsync(Transition(session, to, paymentEvent, reason, notify), cancellationToken);

    /// <summary>The change <see cref="TransitionAsync"/> makes.</summary>
    private PaymentSessionTransition Transition(PaymentSession session, PaymentSessionStatus to, PaymentEvent paymentEvent, string? reason, BookingNotificationKind? notify)
    {
        var now = _clock.GetCurrentInstant();
        return new PaymentSessionTransition(session.Id, session.Status, to, now)
        {
            ExpectedVersion = session.Version,
            EventId = paymentEvent.EventId,
            Reason = reason,
            ProviderPaymentReference = paymentEvent.ProviderPaymentReference,
            // A refund owed is issued by the outbox worker, from the message written with the flag.
            Outbox =
            [
                .. notify is { } kind ? [NotificationMessages.For(session.Id, kind, now, reason: reason)] : Array.Empty<OutboxMessage>(),
                .. to == PaymentSessionStatus.RefundRequired
                    ? [SessionOutboxMessages.Refund(session.Id, now, paymentEvent.AmountPaid ?? session.Price.Total, reason)] // what was captured
                    : Array.Empty<OutboxMessage>(),
            ],
        };
    }

    /// <summary>
    /// An event for a session we do not have: "deliver again" while it is young (the session may be written late), then ignored so the
    /// provider stops retrying for days; measured from when the provider created the event.
    /// </summary>
    private PaymentEventResult UnknownSession(PaymentEvent paymentEvent)
    {
        var window = _options.CurrentValue.UnknownSessionRetryWindow;
        var age = _clock.GetCurrentInstant() - paymentEvent.OccurredAt;
        if (age < window)
        {
            return new PaymentEventResult(PaymentEventOutcome.SessionNotFound, null, $"No payment session '{paymentEvent.SessionId}' (yet).");
        }

        InterviewBookingTelemetry.UnknownSessionEventsIgnoredCounter.Add(1);
        Log.UnknownSessionIgnored(_logger, paymentEvent.EventId, paymentEvent.SessionId, window);
        return new PaymentEventResult(
            PaymentEventOutcome.Ignored, null, $"No payment session '{paymentEvent.SessionId}', and the event is older than {window}; ignored.");
    }

    private static PaymentEventResult Unsettled(PaymentSession? session) =>
        session is null
            ? new PaymentEventResult(PaymentEventOutcome.SessionNotFound, null, "The session disappeared.")
            : new PaymentEventResult(PaymentEventOutcome.InProgress, session, "The session kept changing under concurrent writers; deliver again.");
}
