namespace InterviewBooking;

/// <summary>
/// A compare-and-set change of an interview's lifecycle: it applies only while the interview is in <see cref="From"/> (and, when set, at
/// <see cref="ExpectedVersion"/>). The optional fields are written with the new status; the store records the change in the interview's
/// audit trail (<see cref="InterviewStatusChange"/>) and stores <see cref="Outbox"/> in the same atomic step.
/// </summary>
/// <param name="InterviewId">The interview to change.</param>
/// <param name="From">The status the caller saw.</param>
/// <param name="To">The new status; the pair must be allowed by <see cref="InterviewStateMachine"/>.</param>
/// <param name="At">When the change happens.</param>
public sealed record InterviewTransition(InterviewId InterviewId, InterviewStatus From, InterviewStatus To, Instant At)
{
    /// <summary>When set, the change applies only at this <see cref="ScheduledInterview.Version"/>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Who made the change (reported the no-show, canceled, gave the feedback), for the audit trail.</summary>
    public InterviewParty? By { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="InterviewStatus.Canceled"/>: whether it came with less notice than the full-refund notice.</summary>
    public bool IsLateCancellation { get; init; }

    /// <summary>For <see cref="InterviewStatus.Canceled"/>: the invite's new revision (<see cref="ScheduledInterview.Sequence"/>), or <see langword="null"/> to keep it.</summary>
    public int? Sequence { get; init; }

    /// <summary>The interviewer's feedback to store (a <see cref="InterviewStatus.Completed"/> to itself change), or <see langword="null"/> to keep it.</summary>
    public InterviewerFeedback? Feedback { get; init; }

    /// <summary>The candidate's rating to store (a <see cref="InterviewStatus.Completed"/> to itself change), or <see langword="null"/> to keep it.</summary>
    public CandidateRating? Rating { get; init; }

    /// <summary>
    /// Side effects of the change, stored in the same atomic step: they exist exactly when the change does. A message whose
    /// <see cref="OutboxMessage.Key"/> is already stored is left as it is.
    /// </summary>
    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];
}
