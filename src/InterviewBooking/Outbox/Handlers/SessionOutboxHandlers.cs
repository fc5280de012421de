using System.Globalization;

namespace InterviewBooking;

/// <summary>What the handlers of session effects share: reading the session an item names.</summary>
internal static class SessionOutboxHandlers
{
    /// <summary>The session the message names; a message without one, or naming none that exists, can never be delivered.</summary>
    public static async Task<PaymentSession> LoadAsync(IPaymentSessionStore sessions, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.SessionId is not { IsEmpty: false } sessionId)
        {
            throw new OutboxDeliveryException($"Outbox item '{message.Key}' ({message.Kind}) names no payment session.", isPermanent: true);
        }

        return await sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"Outbox item '{message.Key}' names payment session '{sessionId}', which does not exist.", isPermanent: true);
    }

    /// <summary>The invite revision a follow-up was written for.</summary>
    public static int ReadSequence(OutboxMessage message) =>
        message.Data.TryGetValue(OutboxDataKeys.Sequence, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new OutboxDeliveryException($"Outbox item '{message.Key}' ({message.Kind}) has no {OutboxDataKeys.Sequence}.", isPermanent: true);
}
