namespace InterviewBooking;

/// <summary>Something to tell the candidate and the interviewer, with what a calendar invite needs.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Session">The payment session as it is after the change.</param>
/// <param name="Interview">
/// The interview, for <see cref="BookingNotificationKind.Booked"/>, <see cref="BookingNotificationKind.Rescheduled"/>, <see cref="BookingNotificationKind.Canceled"/>,
/// <see cref="BookingNotificationKind.Reminder"/> and <see cref="BookingNotificationKind.FeedbackRequest"/>.
/// </param>
public sealed record BookingNotification(BookingNotificationKind Kind, PaymentSession Session, ScheduledInterview? Interview)
{
    /// <summary>
    /// The calendar invite's revision: 0 when booked, one more on every reschedule and on cancellation
    /// (iCalendar <c>SEQUENCE</c>), so calendar clients apply updates in order.
    /// </summary>
    public int Sequence { get; init; }

    /// <summary>Why, for <see cref="BookingNotificationKind.RefundRequired"/> and <see cref="BookingNotificationKind.Canceled"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The notification's stable identity, the same on every redelivery of one outbox item (its <see cref="OutboxMessage.Key"/>):
    /// a notifier uses it to let recipients and servers recognise a resend (the SMTP notifier's <c>Message-ID</c>, say).
    /// </summary>
    public string? MessageId { get; init; }
}

/// <summary>What a <see cref="BookingNotification"/> is about.</summary>
public enum BookingNotificationKind
{
    /// <summary>The interview is booked (a calendar <c>REQUEST</c>).</summary>
    Booked = 0,

    /// <summary>The payment cannot be booked and must be refunded.</summary>
    RefundRequired = 1,

    /// <summary>The interview moved to another slot with the same interviewer (an updated <c>REQUEST</c>).</summary>
    Rescheduled = 2,

    /// <summary>The interview was canceled (a calendar <c>CANCEL</c>).</summary>
    Canceled = 3,

    /// <summary>The interview starts soon (one of <see cref="InterviewBookingOptions.ReminderOffsets"/> before it); no calendar change.</summary>
    Reminder = 4,

    /// <summary>The interview is over: a request for feedback; no calendar change.</summary>
    FeedbackRequest = 5,
}
