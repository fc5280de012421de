namespace InterviewBooking.Smtp;

/// <summary>Who a notification message goes to.</summary>
public enum NotificationRecipient
{
    /// <summary>The candidate who booked and paid.</summary>
    Candidate = 0,

    /// <summary>The pre-matched interviewer.</summary>
    Interviewer = 1,
}
