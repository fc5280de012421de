using Microsoft.Extensions.Logging;

namespace InterviewBooking;

/// <summary>Sends a notification without letting its failure undo what was already decided (a booking, a cancellation).</summary>
internal static class SafeNotifications
{
    public static async Task SendAsync(IBookingNotifier notifier, BookingNotification notification, ILogger logger)
    {
        try
        {
            await notifier.NotifyAsync(notification, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed notification is logged; the change it reports stands.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.NotificationFailed(logger, exception, notification.Kind, notification.Session.Id);
        }
    }
}
