namespace InterviewBooking;

/// <summary>An interview the scheduler created.</summary>
/// <param name="Id">The interview's id.</param>
/// <param name="Request">What was scheduled (the pre-matched interviewer, the candidate, the original slot, plan and add-ons).</param>
/// <param name="ScheduledAt">When it was created.</param>
public sealed record ScheduledInterview(InterviewId Id, InterviewScheduleRequest Request, Instant ScheduledAt)
{
    /// <summary>The interviewer booked.</summary>
    public InterviewerId InterviewerId => Request.Interviewer.Id;

    /// <summary>When it takes place now: the requested slot, or the latest one it was rescheduled to.</summary>
    public Interval Slot { get; init; } = Request.Slot;

    /// <summary>The confirmed reservation behind <see cref="Slot"/>.</summary>
    public ReservationId ReservationId { get; init; } = Request.ReservationId;

    /// <summary>Where the two parties meet, or <see langword="null"/> while no provider could make a real link ("link pending").</summary>
    public Uri? MeetingLink { get; init; }

    /// <summary>Whether the meeting link is still to come; never a placeholder URL that does not work.</summary>
    public bool IsLinkPending => MeetingLink is null;

    /// <summary>Whether it still takes place.</summary>
    public InterviewStatus Status { get; init; } = InterviewStatus.Scheduled;

    /// <summary>The calendar revision: 0 when booked, one more on every reschedule and on cancellation (iCalendar <c>SEQUENCE</c>).</summary>
    public int Sequence { get; init; }
}

/// <summary>Whether an interview still takes place.</summary>
public enum InterviewStatus
{
    /// <summary>It takes place at <see cref="ScheduledInterview.Slot"/>.</summary>
    Scheduled = 0,

    /// <summary>It was canceled.</summary>
    Canceled = 1,
}
