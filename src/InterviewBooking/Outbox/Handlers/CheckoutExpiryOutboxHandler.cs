using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Expires the provider's checkout of a session whose hold ended, so the candidate can no longer pay for a slot given away. When the
/// candidate paid just before, the payment is read back from the provider and applied: the session, already closed, is flagged for refund.
/// </summary>
internal sealed class CheckoutExpiryOutboxHandler(
    IPaymentSessionStore sessions,
    IPaymentGateway gateway,
    PaymentEventProcessor processor,
    ILogger<CheckoutExpiryOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => OutboxKinds.CheckoutExpiry;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var session = await SessionOutboxHandlers.LoadAsync(sessions, item.Message, cancellationToken).ConfigureAwait(false);
        if (session.ProviderReference is null)
        {
            Log.OutboxItemSkipped(_logger, item.Message.Key, "no provider checkout");
            return;
        }

        var outcome = await gateway.ExpireCheckoutAsync(session, item.Message.Key, cancellationToken).ConfigureAwait(false);
        Log.CheckoutExpired(_logger, session.Id, outcome);
        if (outcome != CheckoutExpiryOutcome.Completed)
        {
            return;
        }

        // Paid before the expiry reached the provider: only our own retrieval says so, and the processor decides what it means now.
        if (await gateway.RetrieveCheckoutAsync(session, cancellationToken).ConfigureAwait(false) is { } paid)
        {
            var result = await processor.ProcessAsync(paid, waitForOtherWorker: false, cancellationToken).ConfigureAwait(false);
            if (result.ShouldRetry)
            {
                throw new OutboxDeliveryException($"Session '{session.Id}': the payment found at expiry could not be applied yet ({result.Outcome}).");
            }
        }
    }
}
