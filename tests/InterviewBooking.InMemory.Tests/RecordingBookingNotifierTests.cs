using InterviewBooking.Testing;

namespace InterviewBooking.InMemory.Tests;

public sealed class RecordingBookingNotifierTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 6, 9, 8, 0);
    private readonly RecordingBookingNotifier _notifier = new();

    [Fact]
    public async Task Keeps_notifications_in_order_per_session()
    {
        var one = PaymentSessionSamples.Pending(Now);
        var two = PaymentSessionSamples.Pending(Now);

        await _notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Booked, one, null));
        await _notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.RefundRequired, two, null));
        await _notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.RefundRequired, one, null));

        Assert.Equal(
            [BookingNotificationKind.Booked, BookingNotificationKind.RefundRequired, BookingNotificationKind.RefundRequired],
            _notifier.Notifications.Select(n => n.Kind));
        Assert.Equal([BookingNotificationKind.Booked, BookingNotificationKind.RefundRequired], _notifier.NotificationsFor(one.Id).Select(n => n.Kind));
        Assert.Single(_notifier.NotificationsFor(two.Id));
    }

    [Fact]
    public async Task Failed_notifications_are_not_recorded()
    {
        var session = PaymentSessionSamples.Pending(Now);
        _notifier.FailNextNotifications(1);

        await Assert.ThrowsAsync<SimulatedFailureException>(() => _notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Booked, session, null)));
        Assert.Empty(_notifier.Notifications);

        await _notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Booked, session, null));
        Assert.Single(_notifier.Notifications);
    }

    [Fact]
    public async Task Concurrent_notifications_are_all_kept()
    {
        var session = PaymentSessionSamples.Pending(Now);

        await Concurrently.RunAsync(64, async _ =>
        {
            await _notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Booked, session, null));
            return 0;
        });

        Assert.Equal(64, _notifier.Notifications.Count);
    }
}
