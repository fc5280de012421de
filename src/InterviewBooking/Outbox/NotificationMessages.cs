using System.Globalization;

namespace InterviewBooking;

/// <summary>The outbox messages that carry a <see cref="BookingNotification"/>, written with the session change they report.</summary>
internal static class NotificationMessages
{
    /// <summary>
    /// The message for one notification. Its key, <c>{session}:notification:{kind}:{sequence}</c>, is one per kind and invite revision,
    /// so two paths that report the same change (a refund flagged by the webhook and by the booking, say) store it once.
    /// </summary>
    public static OutboxMessage For(PaymentSessionId sessionId, BookingNotificationKind kind, Instant at, int sequence = 0, string? reason = null)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OutboxDataKeys.NotificationKind] = kind.ToString(),
            [OutboxDataKeys.Sequence] = sequence.ToString(CultureInfo.InvariantCulture),
        };
        if (reason is not null)
        {
            data[OutboxDataKeys.Reason] = reason;
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{sessionId.Value}:{OutboxKinds.Notification}:{KindName(kind)}:{sequence}");
        return new OutboxMessage(key, OutboxKinds.Notification, at) { SessionId = sessionId, Data = data };
    }

    /// <summary>The notification message and what each contributor adds to it, to be written together with the change.</summary>
    public static OutboxMessage[] With(IOutboxMessageContributor[] contributors, OutboxMessage notification)
    {
        if (contributors.Length == 0)
        {
            return [notification];
        }

        var messages = new List<OutboxMessage> { notification };
        foreach (var contributor in contributors)
        {
            messages.AddRange(contributor.Contribute(notification));
        }

        return [.. messages];
    }

    private static string KindName(BookingNotificationKind kind) => kind switch
    {
        BookingNotificationKind.Booked => "booked",
        BookingNotificationKind.RefundRequired => "refund-required",
        BookingNotificationKind.Rescheduled => "rescheduled",
        BookingNotificationKind.Canceled => "canceled",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
