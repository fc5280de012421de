using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Pays a pending payout once it is due, through <see cref="IPayoutGateway"/> with an idempotency key fixed per payout, then marks it
/// <see cref="PayoutStatus.Paid"/> with a compare-and-set: however often it is delivered, by however many workers, one transfer is made and
/// one change wins. A payout whose session was refunded is canceled instead; a held one waits for its dispute to close.
/// </summary>
internal sealed class PayoutOutboxHandler(
    IPayoutStore payouts,
    IPaymentSessionStore sessions,
    IPayoutGateway gateway,
    IClock clock,
    ILogger<PayoutOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => OutboxKinds.Payout;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = item.Message.Key;
        var interviewId = PayoutMessages.InterviewOf(item.Message);
        var payout = await payouts.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"Outbox item '{key}' names interview '{interviewId}', which has no payout.", isPermanent: true);
        if (payout.Status != PayoutStatus.Pending)
        {
            // Paid, canceled or reversed: done. Held: the dispute's close writes a message of its own when it releases the payout.
            PayoutLog.Skipped(_logger, key, interviewId, payout.Status);
            return;
        }

        var now = clock.GetCurrentInstant();
        if (now < payout.DueAt)
        {
            throw new OutboxDeliveryException($"The payout of interview '{interviewId}' is not due before {payout.DueAt} (the hold-back); tried again later.");
        }

        var session = await sessions.GetAsync(payout.SessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"The payout of interview '{interviewId}' names payment session '{payout.SessionId}', which does not exist.", isPermanent: true);
        if (PayoutRules.RefundedBecause(session) is { } refunded)
        {
            await CancelAsync(payout, refunded, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        var transfer = await gateway.TransferAsync(payout, session, PayoutMessages.TransferKey(interviewId), cancellationToken).ConfigureAwait(false);
        await MarkPaidAsync(payout, transfer, cancellationToken).ConfigureAwait(false);
    }

    private async Task MarkPaidAsync(Payout payout, ProviderTransfer transfer, CancellationToken cancellationToken)
    {
        var at = clock.GetCurrentInstant();
        var reason = $"Transfer {transfer.Id} of {transfer.Amount}.";
        var marked = await payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Pending, PayoutStatus.Paid, at) { Reason = reason, ProviderTransferId = transfer.Id },
            cancellationToken).ConfigureAwait(false);
        if (!marked.Succeeded && marked.Payout is { Status: PayoutStatus.Held } held)
        {
            // A dispute opened while the transfer was under way: the money is out, so the payout is paid; losing the dispute reverses it.
            marked = await payouts.TryTransitionAsync(
                new PayoutTransition(payout.InterviewId, PayoutStatus.Held, PayoutStatus.Paid, at)
                {
                    ExpectedVersion = held.Version,
                    Reason = reason + " Made as a dispute opened.",
                    ProviderTransferId = transfer.Id,
                },
                cancellationToken).ConfigureAwait(false);
        }

        if (marked.Succeeded)
        {
            InterviewBookingTelemetry.RecordPayout("paid");
            PayoutLog.Paid(_logger, payout.InterviewId, transfer.Id, transfer.Amount);
            return;
        }

        switch (marked.Payout)
        {
            case { Status: PayoutStatus.Paid } paid when paid.ProviderTransferId == transfer.Id:
                return; // another delivery recorded the same transfer
            case { Status: PayoutStatus.Held or PayoutStatus.Pending }:
                throw new OutboxDeliveryException($"The payout of interview '{payout.InterviewId}' changed while transfer {transfer.Id} was recorded; tried again.");
            default:
                throw new OutboxDeliveryException(
                    $"Transfer {transfer.Id} was made for the payout of interview '{payout.InterviewId}', which is {marked.Payout?.Status.ToString() ?? "gone"} "
                    + $"with transfer {marked.Payout?.ProviderTransferId ?? "none"}: an operator must reconcile it.",
                    isPermanent: true);
        }
    }

    private async Task CancelAsync(Payout payout, string reason, Instant now, CancellationToken cancellationToken)
    {
        var canceled = await payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Pending, PayoutStatus.Canceled, now) { ExpectedVersion = payout.Version, Reason = reason },
            cancellationToken).ConfigureAwait(false);
        if (!canceled.Succeeded && canceled.Payout?.Status is PayoutStatus.Pending or PayoutStatus.Held)
        {
            throw new OutboxDeliveryException($"The payout of interview '{payout.InterviewId}' changed while it was canceled; tried again.");
        }

        if (canceled.Succeeded)
        {
            InterviewBookingTelemetry.RecordPayout("canceled");
            PayoutLog.Canceled(_logger, payout.InterviewId, reason);
        }
    }
}
