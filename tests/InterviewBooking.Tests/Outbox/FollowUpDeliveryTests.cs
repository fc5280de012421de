using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Outbox;

/// <summary>Reminders before the interview and a feedback request after it, through the outbox: once each, moved by a reschedule, dropped by a cancellation.</summary>
public sealed class FollowUpDeliveryTests
{
    // The popular slot starts Tuesday 2 June 2026 14:00 UTC; the clock starts Monday 08:00 UTC, 30 hours before.
    private static readonly Instant SlotStart = FlowFixture.PopularSlot.Start;

    [Fact]
    public async Task Each_reminder_goes_once_when_due_and_the_feedback_request_after_the_end()
    {
        await using var flow = new FlowFixture();
        var booked = await flow.BookAsync();

        var early = Reminders(flow).Count;
        await AdvanceToAsync(flow, SlotStart - Duration.FromHours(24));
        var dayBefore = Reminders(flow).Count;
        await AdvanceToAsync(flow, SlotStart - Duration.FromHours(1));
        await flow.DrainOutboxAsync();
        var hourBefore = Reminders(flow);
        await AdvanceToAsync(flow, FlowFixture.PopularSlot.End);
        var atEnd = Feedback(flow).Count;
        await AdvanceToAsync(flow, FlowFixture.PopularSlot.End + Duration.FromHours(1));

        Assert.Equal(0, early);
        Assert.Equal(1, dayBefore);
        Assert.Equal(2, hourBefore.Count);
        Assert.Equal([booked.Id + ":reminder:0:1440m", booked.Id + ":reminder:0:60m"], hourBefore.Select(n => n.MessageId));
        Assert.All(hourBefore, n => Assert.Equal(booked.InterviewId, n.Interview!.Id));
        Assert.Equal(0, atEnd);
        var feedback = Assert.Single(Feedback(flow));
        Assert.Equal(booked.Id + ":feedback-request:0", feedback.MessageId);
        Assert.Equal(2, Reminders(flow).Count);
    }

    [Fact]
    public async Task A_reschedule_moves_the_reminders_and_a_cancellation_drops_them()
    {
        await using var flow = new FlowFixture();
        var moved = await flow.BookAsync(FlowFixture.Request("candidate-moved"));
        var canceled = await flow.BookAsync(FlowFixture.Request("candidate-canceled", new Interval(SlotStart + Duration.FromHours(1), SlotStart + Duration.FromMinutes(90))));
        var changes = flow.Get<BookingChangeService>();
        var later = new Interval(SlotStart + Duration.FromHours(2), SlotStart + Duration.FromMinutes(150));

        Assert.Equal(BookingChangeOutcome.Rescheduled, (await changes.RescheduleAsync(moved.Id, later)).Outcome);
        Assert.Equal(BookingChangeOutcome.Canceled, (await changes.CancelAsync(canceled.Id)).Outcome);
        await AdvanceToAsync(flow, later.Start - Duration.FromHours(24));
        await AdvanceToAsync(flow, later.Start - Duration.FromHours(1));
        await AdvanceToAsync(flow, later.End + Duration.FromHours(2));

        var reminders = Reminders(flow);
        Assert.Equal([moved.Id + ":reminder:1:1440m", moved.Id + ":reminder:1:60m"], reminders.Select(n => n.MessageId));
        Assert.All(reminders, n => Assert.Equal(later, n.Session.Slot));
        Assert.Equal([moved.Id + ":feedback-request:1"], Feedback(flow).Select(n => n.MessageId));
        // The old slot's messages and the canceled session's were delivered as "nothing left to do": completed, never sent.
        var stale = (await flow.Outbox.ListBySessionAsync(moved.Id)).Concat(await flow.Outbox.ListBySessionAsync(canceled.Id))
            .Where(i => i.Message.Kind is OutboxKinds.Reminder or OutboxKinds.FeedbackRequest && !reminders.Concat(Feedback(flow)).Any(n => n.MessageId == i.Message.Key))
            .ToArray();
        Assert.Equal(6, stale.Length);
        Assert.All(stale, i => Assert.Equal(OutboxItemStatus.Completed, i.Status));
    }

    [Fact]
    public async Task Reminder_offsets_are_configurable_and_one_already_past_when_booked_is_not_written()
    {
        await using var flow = new FlowFixture(configureOptions: o =>
        {
            o.ReminderOffsets.Clear();
            o.ReminderOffsets.Add(Duration.FromHours(2));
            o.ReminderOffsets.Add(Duration.FromHours(48));
        });
        var booked = await flow.BookAsync();

        var written = (await flow.Outbox.ListBySessionAsync(booked.Id)).Where(i => i.Message.Kind == OutboxKinds.Reminder).ToArray();
        await AdvanceToAsync(flow, SlotStart - Duration.FromHours(2));

        var reminder = Assert.Single(written); // 48 hours before was already past when it was booked
        Assert.Equal(SlotStart - Duration.FromHours(2), reminder.Message.DueAt);
        Assert.Equal([booked.Id + ":reminder:0:120m"], Reminders(flow).Select(n => n.MessageId));
    }

    [Fact]
    public async Task A_reminder_delivered_late_after_the_start_is_skipped()
    {
        await using var flow = new FlowFixture(configureOptions: o => o.ReminderOffsets.Remove(Duration.FromHours(24)));
        await flow.BookAsync();

        flow.Clock.Advance(SlotStart + Duration.FromMinutes(5) - flow.Clock.GetCurrentInstant()); // the worker was down until after the start
        await flow.DrainOutboxAsync();

        Assert.Empty(Reminders(flow));
    }

    private static List<BookingNotification> Reminders(FlowFixture flow) =>
        [.. flow.Notifier.Notifications.Where(n => n.Kind == BookingNotificationKind.Reminder)];

    private static List<BookingNotification> Feedback(FlowFixture flow) =>
        [.. flow.Notifier.Notifications.Where(n => n.Kind == BookingNotificationKind.FeedbackRequest)];

    private static async Task AdvanceToAsync(FlowFixture flow, Instant at)
    {
        flow.Clock.Advance(at - flow.Clock.GetCurrentInstant());
        await flow.DrainOutboxAsync();
    }
}
