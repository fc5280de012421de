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

    /// <summary>
    /// An interview was completed: its payout is recorded. The payload (<see cref="OutboxDataKeys.Payload"/>) is JSON with <c>interviewId</c>,
    /// <c>paymentSessionId</c>, <c>interviewerId</c>, <c>planId</c>, <c>addOnIds</c> and <c>completedAt</c> (an ISO-8601 instant).
    /// </summary>
    public const string InterviewCompleted = "interview-completed";

    /// <summary>The interviewer did not show: the interview's payout is canceled. The payload is that of <see cref="InterviewCompleted"/>.</summary>
    public const string InterviewInterviewerNoShow = "interview-interviewer-no-show";

    /// <summary>Paying an interview's payout once its hold-back has passed, through <see cref="IPayoutGateway"/>; <see cref="OutboxDataKeys.InterviewId"/> names it.</summary>
    public const string Payout = "payout";

    /// <summary>Reversing a paid payout's transfer after a dispute was lost; <see cref="OutboxDataKeys.InterviewId"/> names it.</summary>
    public const string PayoutReversal = "payout-reversal";
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

    /// <summary>For an interview outcome (<see cref="OutboxKinds.InterviewCompleted"/>, <see cref="OutboxKinds.InterviewInterviewerNoShow"/>): its JSON payload.</summary>
    public const string Payload = "payload";

    /// <summary>For a payout or its reversal: the interview whose payout it is.</summary>
    public const string InterviewId = "interviewId";

    /// <summary>For a payout released or reversed after a dispute: the provider's dispute id.</summary>
    public const string DisputeId = "disputeId";
}
