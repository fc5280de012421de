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

    /// <summary>Who canceled it, once <see cref="InterviewStatus.Canceled"/> (<see langword="null"/> for a cancellation stored before this was recorded).</summary>
    public InterviewParty? CanceledBy { get; init; }

    /// <summary>When it left <see cref="InterviewStatus.Scheduled"/>: completed, a no-show recorded, or canceled.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>Whether an interviewer's cancellation came with less notice than <see cref="InterviewBookingOptions.FullRefundNotice"/>.</summary>
    public bool IsLateCancellation { get; init; }

    /// <summary>The interviewer's written feedback for the candidate, once given (only after <see cref="InterviewStatus.Completed"/>).</summary>
    public InterviewerFeedback? Feedback { get; init; }

    /// <summary>The candidate's rating of the interviewer, once given (only after <see cref="InterviewStatus.Completed"/>).</summary>
    public CandidateRating? Rating { get; init; }

    /// <summary>Incremented by every change the store makes; lifecycle transitions compare-and-set on it (<see cref="InterviewTransition.ExpectedVersion"/>).</summary>
    public long Version { get; init; }
}

/// <summary>Where an interview's lifecycle stands; <see cref="InterviewStateMachine"/> lists the legal changes.</summary>
public enum InterviewStatus
{
    /// <summary>It takes place at <see cref="ScheduledInterview.Slot"/>.</summary>
    Scheduled = 0,

    /// <summary>It was canceled before it started; <see cref="ScheduledInterview.CanceledBy"/> says by whom.</summary>
    Canceled = 1,

    /// <summary>It took place.</summary>
    Completed = 2,

    /// <summary>The candidate did not show within the grace period.</summary>
    CandidateNoShow = 3,

    /// <summary>The interviewer did not show within the grace period.</summary>
    InterviewerNoShow = 4,
}
