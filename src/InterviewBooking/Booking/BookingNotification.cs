namespace InterviewBooking;

/// <summary>Something to tell the candidate and the interviewer.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Session">The payment session as it is after the change.</param>
/// <param name="Interview">The interview, for <see cref="BookingNotificationKind.Booked"/>.</param>
public sealed record BookingNotification(BookingNotificationKind Kind, PaymentSession Session, ScheduledInterview? Interview);

/// <summary>What a <see cref="BookingNotification"/> is about.</summary>
public enum BookingNotificationKind
{
    /// <summary>The interview is booked.</summary>
    Booked = 0,

    /// <summary>The payment cannot be booked and must be refunded.</summary>
    RefundRequired = 1,
}
