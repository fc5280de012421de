namespace InterviewBooking;

/// <summary>What a call of <see cref="InterviewLifecycleService"/> did.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Interview">The interview as it is now, when there is one.</param>
public sealed record InterviewLifecycleResult(InterviewLifecycleOutcome Outcome, ScheduledInterview? Interview)
{
    /// <summary>The payment session as it is now, when there is one.</summary>
    public PaymentSession? Session { get; init; }

    /// <summary>For a no-show: the refund the policy gave (also on <see cref="PaymentSession.Refund"/>).</summary>
    public RefundDecision? Refund { get; init; }

    /// <summary>Why nothing was done, when nothing was.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether this call or an earlier one made the change asked for.</summary>
    public bool Succeeded => Outcome is InterviewLifecycleOutcome.Completed or InterviewLifecycleOutcome.NoShowRecorded
        or InterviewLifecycleOutcome.FeedbackRecorded or InterviewLifecycleOutcome.RatingRecorded or InterviewLifecycleOutcome.AlreadyRecorded;
}

/// <summary>The outcome of a call of <see cref="InterviewLifecycleService"/>.</summary>
public enum InterviewLifecycleOutcome
{
    /// <summary>The interview is now <see cref="InterviewStatus.Completed"/>.</summary>
    Completed = 0,

    /// <summary>The no-show was recorded and the session ended with the policy's refund.</summary>
    NoShowRecorded = 1,

    /// <summary>The interviewer's feedback was stored.</summary>
    FeedbackRecorded = 2,

    /// <summary>The candidate's rating was stored.</summary>
    RatingRecorded = 3,

    /// <summary>The same change was made before (a repeat finishes what a crashed call may have left).</summary>
    AlreadyRecorded = 4,

    /// <summary>No such payment session.</summary>
    SessionNotFound = 5,

    /// <summary>The session has no booked interview.</summary>
    NotBooked = 6,

    /// <summary>The interview has not started yet, or a no-show's grace period has not passed.</summary>
    TooEarly = 7,

    /// <summary>The interview's status does not allow the change (it was canceled, or already ended otherwise): <see cref="InterviewStateMachine"/>.</summary>
    NotAllowed = 8,

    /// <summary>The feedback or rating was already given; it is not replaced.</summary>
    AlreadyGiven = 9,

    /// <summary>The interview kept changing under concurrent writers; try again.</summary>
    Conflict = 10,
}
