using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Outbox;

/// <summary>The core's handler of notification items, through the worker: what it sends, and what it gives up on at once.</summary>
public sealed class NotificationOutboxHandlerTests
{
    [Fact]
    public async Task A_refund_flagged_by_auto_booking_is_notified_once_with_its_reason_and_the_item_key_as_message_id()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        flow.Clock.Advance(Duration.FromHours(2));
        await flow.Reservations.TryHoldAsync(new HoldRequest(
            session.InterviewerId!.Value, session.Slot!.Value, "another-session", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)));

        var result = await flow.AutoBooking.BookAsync(session.Id);
        await flow.AutoBooking.BookAsync(session.Id);
        await flow.DrainOutboxAsync();

        Assert.Equal(BookingOutcome.ReservationLost, result.Outcome);
        var item = Assert.Single(await flow.Outbox.ListBySessionAsync(session.Id), i => i.Message.Kind == OutboxKinds.Notification);
        Assert.Equal($"{session.Id}:notification:refund-required:0", item.Message.Key);
        var sent = Assert.Single(flow.Notifier.Notifications);
        Assert.Equal(BookingNotificationKind.RefundRequired, sent.Kind);
        Assert.Equal(result.Reason, sent.Reason);
        Assert.Equal(item.Message.Key, sent.MessageId);
        Assert.Null(sent.Interview);
    }

    [Fact]
    public async Task A_notification_for_a_session_that_does_not_exist_or_of_an_unknown_kind_is_dead_lettered_at_once()
    {
        await using var flow = new FlowFixture();
        var missing = PaymentSessionId.New();
        var now = flow.Clock.GetCurrentInstant();
        var noSession = new OutboxMessage($"{missing}:notification:booked:0", OutboxKinds.Notification, now)
        {
            SessionId = missing,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.NotificationKind] = nameof(BookingNotificationKind.Booked) },
        };
        var session = await flow.StorePaidSessionAsync();
        var unknownKind = new OutboxMessage($"{session.Id}:notification:party:0", OutboxKinds.Notification, now)
        {
            SessionId = session.Id,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.NotificationKind] = "Party" },
        };
        await flow.Outbox.EnqueueAsync(noSession);
        await flow.Outbox.EnqueueAsync(unknownKind);

        await flow.DrainOutboxAsync();

        var first = (await flow.Outbox.GetAsync(noSession.Key))!;
        Assert.Equal(OutboxItemStatus.DeadLettered, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Contains($"payment session '{missing}' does not exist", first.LastError, StringComparison.Ordinal);
        var second = (await flow.Outbox.GetAsync(unknownKind.Key))!;
        Assert.Equal(OutboxItemStatus.DeadLettered, second.Status);
        Assert.Contains("no known notification kind ('Party')", second.LastError, StringComparison.Ordinal);
        Assert.Empty(flow.Notifier.Notifications);
    }
}
