namespace InterviewBooking.CalDav;

/// <summary>
/// Adds a <see cref="Kind"/> message beside each booked, rescheduled and canceled notification, written with the change itself;
/// <see cref="CalendarEventOutboxHandler"/> then brings the interviewer's calendar in line with the session.
/// </summary>
internal sealed class CalendarEventMessages : IOutboxMessageContributor
{
    /// <summary>The outbox kind of a calendar write-back.</summary>
    public const string Kind = "caldav-event";

    private static readonly HashSet<string> Written = new(StringComparer.Ordinal) { "Booked", "Rescheduled", "Canceled" };

    public IEnumerable<OutboxMessage> Contribute(OutboxMessage notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.SessionId is null || !notification.Data.TryGetValue(OutboxDataKeys.NotificationKind, out var kind) || !Written.Contains(kind))
        {
            return [];
        }

        var key = notification.Key.Replace($":{OutboxKinds.Notification}:", $":{Kind}:", StringComparison.Ordinal);
        return [new OutboxMessage(key, Kind, notification.DueAt) { SessionId = notification.SessionId, Data = notification.Data }];
    }
}
