using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Reverses a paid payout's transfer after its session lost a dispute (the candidate has the money back, so the interviewer's share is taken
/// back too), with an idempotency key fixed per payout, then marks it <see cref="PayoutStatus.Reversed"/>.
/// </summary>
internal sealed class PayoutReversalOutboxHandler(
    IPayoutStore payouts,
    IPayoutGateway gateway,
    IClock clock,
    ILogger<PayoutReversalOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => OutboxKinds.PayoutReversal;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var interviewId = PayoutMessages.InterviewOf(item.Message);
        var payout = await payouts.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"Outbox item '{item.Message.Key}' names interview '{interviewId}', which has no payout.", isPermanent: true);
        if (payout.Status != PayoutStatus.Paid || payout.ProviderTransferId is not { } transferId)
        {
            PayoutLog.Skipped(_logger, item.Message.Key, interviewId, payout.Status);
            return;
        }

        var reversal = await gateway.ReverseAsync(payout, PayoutMessages.ReversalKey(interviewId), cancellationToken).ConfigureAwait(false);
        var marked = await payouts.TryTransitionAsync(
            new PayoutTransition(interviewId, PayoutStatus.Paid, PayoutStatus.Reversed, clock.GetCurrentInstant())
            {
                ExpectedVersion = payout.Version,
                Reason = $"Reversal {reversal.Id} of transfer {transferId}: dispute {item.Message.Data.GetValueOrDefault(OutboxDataKeys.DisputeId)} lost.",
                ProviderReversalId = reversal.Id,
            },
            cancellationToken).ConfigureAwait(false);
        if (marked.Succeeded)
        {
            InterviewBookingTelemetry.RecordPayout("reversed");
            PayoutLog.Reversed(_logger, interviewId, reversal.Id, transferId);
        }
        else if (marked.Payout?.Status != PayoutStatus.Reversed)
        {
            throw new OutboxDeliveryException($"The payout of interview '{interviewId}' changed while reversal {reversal.Id} was recorded; tried again.");
        }
    }
}
