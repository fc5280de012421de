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
    /// An interview took place (<see cref="InterviewStatus.Completed"/>): written with the interview's transition, for what follows a completed
    /// interview (a payout, say). <see cref="OutboxDataKeys.Payload"/> holds <c>{"interviewId", "paymentSessionId", "interviewerId", "planId",
    /// "addOnIds": [...], "completedAt"}</c> (ids as text, the instant ISO-8601).
    /// </summary>
    public const string InterviewCompleted = "interview-completed";

    /// <summary>
    /// The interviewer did not show (<see cref="InterviewStatus.InterviewerNoShow"/>): written with the interview's transition, with the
    /// payload of <see cref="InterviewCompleted"/> (its <c>completedAt</c> is when the no-show was recorded).
    /// </summary>
    public const string InterviewInterviewerNoShow = "interview-interviewer-no-show";

    /// <summary>A reminder to the interviewer of written feedback the plan or an add-on promises, until they give it.</summary>
    public const string FeedbackReminder = "feedback-reminder";

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

    /// <summary>For <see cref="OutboxKinds.InterviewCompleted"/> and <see cref="OutboxKinds.InterviewInterviewerNoShow"/>: the JSON object the kind describes.</summary>
    public const string Payload = "payload";

    /// <summary>For a feedback reminder, a payout or its reversal: the interview.</summary>
    public const string InterviewId = "interviewId";

    /// <summary>For a feedback reminder: which one it is, from 1.</summary>
    public const string ReminderNumber = "reminderNumber";

    /// <summary>
    /// For a refund after the interviewer canceled or did not show: present when the candidate may still choose a free rebooking instead;
    /// the refund then first closes that choice, so the candidate never gets both.
    /// </summary>
    public const string RebookingOffered = "rebookingOffered";

    /// <summary>For a payout released or reversed after a dispute: the provider's dispute id.</summary>
    public const string DisputeId = "disputeId";
}
