using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Delivers <see cref="OutboxKinds.Notification"/> items: reads the payment session and its interview from the stores (the message holds
/// ids only) and calls the registered <see cref="IBookingNotifier"/>, with the item's key as <see cref="BookingNotification.MessageId"/> so
/// a redelivery carries the same identity. A notifier failure is a failed attempt, retried by the worker.
/// </summary>
internal sealed class NotificationOutboxHandler(
    IPaymentSessionStore sessions,
    IInterviewStore interviews,
    IBookingNotifier notifier,
    ILogger<NotificationOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => OutboxKinds.Notification;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = item.Message;
        if (!message.Data.TryGetValue(OutboxDataKeys.NotificationKind, out var kindName)
            || !Enum.TryParse<BookingNotificationKind>(kindName, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            throw new OutboxDeliveryException($"Outbox item '{message.Key}' names no known notification kind ('{kindName}').", isPermanent: true);
        }

        var session = message.SessionId is { IsEmpty: false } sessionId
            ? await sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false)
            : null;
        if (session is null)
        {
            Log.NotificationSessionMissing(_logger, message.Key, message.SessionId);
            throw new OutboxDeliveryException($"Outbox item '{message.Key}': payment session '{message.SessionId}' does not exist.", isPermanent: true);
        }

        var interview = session.InterviewId is { IsEmpty: false } interviewId
            ? await interviews.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            : null;
        var sequence = message.Data.TryGetValue(OutboxDataKeys.Sequence, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : session.InviteSequence;
        await notifier.NotifyAsync(
            new BookingNotification(kind, session, interview)
            {
                Sequence = sequence,
                Reason = message.Data.GetValueOrDefault(OutboxDataKeys.Reason),
                MessageId = message.Key,
            },
            cancellationToken).ConfigureAwait(false);
    }
}
