namespace InterviewBooking;

/// <summary>The kinds of <see cref="OutboxMessage"/> the core enqueues. Adapter packages may add their own.</summary>
public static class OutboxKinds
{
    /// <summary>A <see cref="BookingNotification"/> to both parties; <see cref="OutboxDataKeys.NotificationKind"/> says which.</summary>
    public const string Notification = "notification";

    /// <summary>A refund of a payment session through <see cref="IPaymentGateway"/>.</summary>
    public const string Refund = "refund";

    /// <summary>Expiring the provider's checkout of a session whose hold ended, so it can no longer be paid.</summary>
    public const string CheckoutExpiry = "checkout-expiry";

    /// <summary>A reminder to both parties before the interview starts.</summary>
    public const string Reminder = "reminder";

    /// <summary>A request for feedback after the interview ends.</summary>
    public const string FeedbackRequest = "feedback-request";
}

/// <summary>Well-known keys of <see cref="OutboxMessage.Data"/>.</summary>
public static class OutboxDataKeys
{
    /// <summary>The <see cref="BookingNotificationKind"/> of a <see cref="OutboxKinds.Notification"/>, by name.</summary>
    public const string NotificationKind = "notificationKind";

    /// <summary>Why, for a notification or a refund.</summary>
    public const string Reason = "reason";

    /// <summary>The invite revision (<see cref="BookingNotification.Sequence"/>) the message was written for.</summary>
    public const string Sequence = "sequence";

    /// <summary>For a refund: the amount owed in minor units (what was captured, or a cancellation policy's share of it).</summary>
    public const string AmountMinorUnits = "amountMinorUnits";

    /// <summary>For a refund: the amount's ISO 4217 currency.</summary>
    public const string Currency = "currency";

    /// <summary>For a reminder: how long before the start it is due, in whole minutes.</summary>
    public const string OffsetMinutes = "offsetMinutes";
}
