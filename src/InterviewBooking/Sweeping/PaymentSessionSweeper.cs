using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Finishes what no event finished: a <see cref="PaymentSessionStatus.Pending"/> session past its hold becomes
/// <see cref="PaymentSessionStatus.Expired"/> (hold released, provider checkout expired through the outbox); one the provider says was paid
/// (its webhook lost) is fulfilled; a paid session left unbooked, or a booking claim gone stale, is booked by taking the claim over.
/// </summary>
/// <remarks>
/// Idempotent, and safe with a sweeper in every instance: each change is a compare-and-set, so one instance makes it and the others find the
/// session moved on. Only our own retrieval from the provider (<see cref="IPaymentGateway.RetrieveCheckoutAsync"/>) marks a session paid.
/// </remarks>
public sealed class PaymentSessionSweeper
{
    private readonly IPaymentSessionStore _sessions;
    private readonly IReservationStore _reservations;
    private readonly IPaymentGateway _gateway;
    private readonly PaymentEventProcessor _processor;
    private readonly AutoBookingService _autoBooking;
    private readonly IOptionsMonitor<InterviewBookingOptions> _bookingOptions;
    private readonly IOptionsMonitor<PaymentSessionSweeperOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the sweeper.</summary>
    public PaymentSessionSweeper(
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        IPaymentGateway gateway,
        PaymentEventProcessor processor,
        AutoBookingService autoBooking,
        IOptionsMonitor<InterviewBookingOptions> bookingOptions,
        IOptionsMonitor<PaymentSessionSweeperOptions> options,
        IClock clock,
        ILogger<PaymentSessionSweeper>? logger = null)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _autoBooking = autoBooking ?? throw new ArgumentNullException(nameof(autoBooking));
        _bookingOptions = bookingOptions ?? throw new ArgumentNullException(nameof(bookingOptions));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>One sweep over at most <see cref="PaymentSessionSweeperOptions.BatchSize"/> sessions of each kind, longest unchanged first.</summary>
    /// <param name="cancellationToken">Stops the sweep between sessions.</param>
    /// <returns>What this sweep changed.</returns>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var now = _clock.GetCurrentInstant();
        int expired = 0, fulfilled = 0, rebooked = 0, failed = 0;

        var pending = await _sessions.ListByStatusAsync(PaymentSessionStatus.Pending, now - options.PendingCheckAfter, options.BatchSize, cancellationToken)
            .ConfigureAwait(false);
        var stale = now - _bookingOptions.CurrentValue.BookingClaimTimeout;
        var unbooked = (await _sessions.ListByStatusAsync(PaymentSessionStatus.Paid, stale, options.BatchSize, cancellationToken).ConfigureAwait(false))
            .Concat(await _sessions.ListByStatusAsync(PaymentSessionStatus.Booking, stale, options.BatchSize, cancellationToken).ConfigureAwait(false));

        foreach (var session in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (await TryAsync(session, () => SweepPendingAsync(session, cancellationToken)).ConfigureAwait(false))
            {
                case SweepAction.Expired: expired++; break;
                case SweepAction.Fulfilled: fulfilled++; break;
                case SweepAction.Failed: failed++; break;
            }
        }

        foreach (var session in unbooked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (await TryAsync(session, () => BookAsync(session, cancellationToken)).ConfigureAwait(false))
            {
                case SweepAction.Rebooked: rebooked++; break;
                case SweepAction.Failed: failed++; break;
            }
        }

        return new SweepResult(expired, fulfilled, rebooked, failed);
    }

    private async Task<SweepAction> SweepPendingAsync(PaymentSession session, CancellationToken cancellationToken)
    {
        // Ask the provider first: a checkout paid (or expired) there is applied exactly as its lost webhook would have been.
        if (session.ProviderReference is not null
            && await _gateway.RetrieveCheckoutAsync(session, cancellationToken).ConfigureAwait(false) is { } retrieved)
        {
            var result = await _processor.ProcessAsync(retrieved, waitForOtherWorker: false, cancellationToken).ConfigureAwait(false);
            var action = retrieved.Kind == PaymentEventKind.CheckoutExpired ? SweepAction.Expired : SweepAction.Fulfilled;
            return result.Outcome is PaymentEventOutcome.Ignored or PaymentEventOutcome.InProgress ? SweepAction.None : Record(session, action);
        }

        var now = _clock.GetCurrentInstant();
        if (now < session.ExpiresAt)
        {
            return SweepAction.None;
        }

        var expired = await _sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Expired, now)
            {
                ExpectedVersion = session.Version,
                Reason = "The hold ended unpaid; expired by the sweeper.",
                // So the candidate can no longer pay for a slot given away.
                Outbox = session.ProviderReference is null ? [] : [SessionOutboxMessages.CheckoutExpiry(session.Id, now)],
            },
            cancellationToken).ConfigureAwait(false);
        if (!expired.Succeeded)
        {
            return SweepAction.None;
        }

        if (session.ReservationId is { IsEmpty: false } reservationId)
        {
            await _reservations.TryReleaseAsync(reservationId, session.Id.Value, CancellationToken.None).ConfigureAwait(false);
        }

        return Record(session, SweepAction.Expired);
    }

    private async Task<SweepAction> BookAsync(PaymentSession session, CancellationToken cancellationToken)
    {
        var result = await _autoBooking.BookAsync(session.Id, cancellationToken).ConfigureAwait(false);
        return result.Outcome is BookingOutcome.Booked or BookingOutcome.ReservationLost ? Record(session, SweepAction.Rebooked) : SweepAction.None;
    }

    private SweepAction Record(PaymentSession session, SweepAction action)
    {
        var name = action switch
        {
            SweepAction.Expired => "expired",
            SweepAction.Fulfilled => "fulfilled",
            _ => "claim_taken_over",
        };
        InterviewBookingTelemetry.SweeperActionsCounter.Add(1, new KeyValuePair<string, object?>("action", name));
        Log.Swept(_logger, session.Id, name);
        return action;
    }

    private async Task<SweepAction> TryAsync(PaymentSession session, Func<Task<SweepAction>> sweep)
    {
        try
        {
            return await sweep().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // One session's failure (a provider outage, broken data) must not stop the sweep of the others.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.SweepFailed(_logger, exception, session.Id);
            return SweepAction.Failed;
        }
    }

    private enum SweepAction
    {
        None,
        Expired,
        Fulfilled,
        Rebooked,
        Failed,
    }
}
