using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Applies the disputes a payment provider reports (verified webhook events) to the payout ledger: an open dispute flags the session as
/// disputed and holds its pending payout; a dispute won (or an inquiry closed) releases it to be paid; a lost one cancels it. A payout already
/// paid when its dispute is lost has its transfer reversed through the outbox worker (<see cref="OutboxKinds.PayoutReversal"/>); while the
/// dispute is open, a paid payout is only flagged, since a won dispute leaves the interviewer's share where it is.
/// </summary>
/// <remarks>
/// Safe to repeat and to receive out of order: the store keeps a closed dispute closed, and the messages it writes are keyed by interview and
/// dispute. When the work fails half-way (the store answered, the outbox did not), the provider's redelivery does the rest.
/// </remarks>
public sealed class DisputeService
{
    // A free rebooking is paid by the original's charge, so a dispute of that charge names the original session; chains are short.
    private const int MaxRebookings = 8;

    private readonly IPayoutStore _payouts;
    private readonly IPaymentSessionStore _sessions;
    private readonly IOutboxStore _outbox;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="payouts">The payout ledger and its disputes.</param>
    /// <param name="sessions">Finds the free rebooking a disputed charge also paid for.</param>
    /// <param name="outbox">Where the payment after a release, or a reversal, is written.</param>
    /// <param name="clock">Dates the messages.</param>
    /// <param name="logger">Logs each dispute applied (ids only).</param>
    public DisputeService(IPayoutStore payouts, IPaymentSessionStore sessions, IOutboxStore outbox, IClock clock, ILogger<DisputeService>? logger = null)
    {
        _payouts = payouts ?? throw new ArgumentNullException(nameof(payouts));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Records a dispute report (from a verified provider event) and applies it to the session's payout.</summary>
    /// <param name="dispute">The dispute as the provider reports it now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dispute as stored and the payout as it is now.</returns>
    /// <exception cref="ArgumentException">The dispute has no id or session.</exception>
    public async Task<DisputeApplication> ApplyAsync(PaymentDispute dispute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        ArgumentException.ThrowIfNullOrWhiteSpace(dispute.DisputeId, nameof(dispute));
        if (dispute.SessionId.IsEmpty)
        {
            throw new ArgumentException("A dispute names the payment session whose charge it disputes; SessionId is empty.", nameof(dispute));
        }

        dispute = dispute with { SessionId = await InterviewedSessionAsync(dispute.SessionId, cancellationToken).ConfigureAwait(false) };
        var applied = await _payouts.ApplyDisputeAsync(dispute, cancellationToken).ConfigureAwait(false);
        var stored = applied.Dispute;
        var now = _clock.GetCurrentInstant();
        switch (applied.Payout)
        {
            case { Status: PayoutStatus.Pending } pending when stored.IsReleased:
                await _outbox.EnqueueAsync(PayoutMessages.PayAfterDispute(pending, stored.DisputeId, now), cancellationToken).ConfigureAwait(false);
                break;
            case { Status: PayoutStatus.Paid } paid when stored.Status == DisputeStatus.Lost:
                await _outbox.EnqueueAsync(PayoutMessages.Reverse(paid, stored.DisputeId, now), cancellationToken).ConfigureAwait(false);
                break;
        }

        if (applied.Changed)
        {
            InterviewBookingTelemetry.RecordPayout(stored.Status switch
            {
                DisputeStatus.Open => "dispute_opened",
                DisputeStatus.Lost => "dispute_lost",
                _ => "dispute_released",
            });
        }

        PayoutLog.DisputeApplied(_logger, stored.DisputeId, stored.SessionId, stored.Status, applied.Payout?.Status);
        return applied;
    }

    // The session whose interview the disputed charge paid for: the charge's own, or, when the interviewer's fault led to a free
    // rebooking, the rebooking (which carries no payment of its own) — so its payout is the one the dispute holds.
    private async Task<PaymentSessionId> InterviewedSessionAsync(PaymentSessionId charged, CancellationToken cancellationToken)
    {
        var current = charged;
        for (var i = 0; i < MaxRebookings; i++)
        {
            if (await _sessions.GetAsync(current, cancellationToken).ConfigureAwait(false) is not { Status: PaymentSessionStatus.Rebooked })
            {
                return current;
            }

            var rebooked = RebookingService.RebookedSessionId(current);
            if (await _sessions.GetAsync(rebooked, cancellationToken).ConfigureAwait(false) is not { } next || next.RebookedFrom != current)
            {
                return current;
            }

            current = rebooked;
        }

        return current;
    }
}
