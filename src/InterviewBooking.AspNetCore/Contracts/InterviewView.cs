namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate sees of the interview once booked: how it ended, the interviewer's feedback, their own rating, and the rebooking choice.</summary>
/// <param name="Status">The interview's status: <c>Scheduled</c>, <c>Completed</c>, <c>CandidateNoShow</c>, <c>InterviewerNoShow</c> or <c>Canceled</c>.</param>
/// <param name="CanceledBy">Who canceled (<c>Candidate</c>, <c>Interviewer</c>, <c>Operator</c>), when canceled.</param>
/// <param name="EndedAt">When it was completed, canceled or a no-show recorded.</param>
/// <param name="Feedback">The interviewer's written feedback, once given: the candidate's to read.</param>
/// <param name="Rating">The candidate's rating of the interviewer, once given.</param>
/// <param name="RebookingOffered">Whether a free rebooking (<c>POST /bookings/{id}/rebook</c>) can be chosen now instead of the refund.</param>
public sealed record InterviewView(string Status, string? CanceledBy, Instant? EndedAt, FeedbackView? Feedback, RatingView? Rating, bool RebookingOffered)
{
    /// <summary>The view of a stored interview.</summary>
    /// <param name="interview">The interview.</param>
    /// <param name="rebookingOffered">What <see cref="RebookingService.IsOfferedAsync"/> answered for its session.</param>
    public static InterviewView From(ScheduledInterview interview, bool rebookingOffered)
    {
        ArgumentNullException.ThrowIfNull(interview);
        return new(
            interview.Status.ToString(),
            interview.CanceledBy?.ToString(),
            interview.EndedAt,
            interview.Feedback is { } feedback ? new FeedbackView(feedback.Text, feedback.SubmittedAt) : null,
            interview.Rating is { } rating ? new RatingView(rating.Stars, rating.Comment, rating.RatedAt) : null,
            rebookingOffered);
    }
}
