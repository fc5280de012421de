using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>An <see cref="IBookingNotifier"/> that sends nothing and keeps every notification, thread-safely, in the order received.</summary>
public sealed class RecordingBookingNotifier : IBookingNotifier
{
    private readonly ConcurrentQueue<BookingNotification> _sent = new();
    private readonly FailureCountdown _failures = new();

    /// <summary>The notifications "sent" so far, in order (a snapshot); failed ones are not in it.</summary>
    public IReadOnlyList<BookingNotification> Notifications => [.. _sent];

    /// <summary>The notifications about one payment session, in order.</summary>
    /// <param name="sessionId">The payment session.</param>
    public IReadOnlyList<BookingNotification> NotificationsFor(PaymentSessionId sessionId) =>
        [.. _sent.Where(n => n.Session.Id == sessionId)];

    /// <summary>Makes the next <paramref name="count"/> calls of <see cref="NotifyAsync"/> throw <see cref="SimulatedFailureException"/> (0 stops failing).</summary>
    /// <param name="count">How many calls fail.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void FailNextNotifications(int count) => _failures.Set(count);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is <see langword="null"/>.</exception>
    /// <exception cref="SimulatedFailureException">The notifier was told to fail this call (<see cref="FailNextNotifications"/>).</exception>
    public Task NotifyAsync(BookingNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        if (_failures.TryTake())
        {
            throw new SimulatedFailureException($"Simulated failure sending the {notification.Kind} notification for session '{notification.Session.Id}'.");
        }

        _sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}
