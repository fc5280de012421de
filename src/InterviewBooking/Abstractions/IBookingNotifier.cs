namespace InterviewBooking;

/// <summary>Tells both parties what happened. A failure here never undoes a booking.</summary>
public interface IBookingNotifier
{
    /// <summary>Sends a notification.</summary>
    Task NotifyAsync(BookingNotification notification, CancellationToken cancellationToken = default);
}
