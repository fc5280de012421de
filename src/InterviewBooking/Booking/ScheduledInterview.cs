namespace InterviewBooking;

/// <summary>An interview the scheduler created.</summary>
/// <param name="Id">The interview's id.</param>
/// <param name="Request">What was scheduled.</param>
/// <param name="ScheduledAt">When it was created.</param>
public sealed record ScheduledInterview(InterviewId Id, InterviewScheduleRequest Request, Instant ScheduledAt)
{
    /// <summary>The interviewer booked.</summary>
    public InterviewerId InterviewerId => Request.Interviewer.Id;
}
