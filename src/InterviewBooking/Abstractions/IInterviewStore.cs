namespace InterviewBooking;

/// <summary>
/// Keeps the interviews <see cref="InterviewScheduler"/> creates. One interview per idempotency key, whatever the concurrency:
/// that is what lets a payment book at most one interview even when a process dies between scheduling and marking the session booked.
/// </summary>
public interface IInterviewStore
{
    /// <summary>Stores the interview unless one exists under its idempotency key; returns the stored one either way.</summary>
    Task<ScheduledInterview> AddOrGetAsync(ScheduledInterview interview, CancellationToken cancellationToken = default);

    /// <summary>The interview stored under an idempotency key, or <see langword="null"/>.</summary>
    Task<ScheduledInterview?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The interview with that id, or <see langword="null"/>.</summary>
    Task<ScheduledInterview?> GetAsync(InterviewId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an interview's slot, reservation, meeting link and sequence when the stored one still has <paramref name="expectedSequence"/>
    /// (compare-and-set); returns whether it did, with the interview as it is now. Its lifecycle (status, who canceled, feedback) changes only
    /// through <see cref="TryTransitionAsync"/>, which keeps the audit trail.
    /// </summary>
    Task<(bool Updated, ScheduledInterview? Current)> TryUpdateAsync(ScheduledInterview interview, int expectedSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the interview's lifecycle when it is still in <see cref="InterviewTransition.From"/> (and at the expected version, when given):
    /// bumps <see cref="ScheduledInterview.Version"/>, writes the transition's fields, one entry of the audit trail and the transition's outbox
    /// messages, all in one atomic step.
    /// </summary>
    /// <exception cref="InvalidInterviewTransitionException">The change is not allowed by <see cref="InterviewStateMachine"/>; nothing was written.</exception>
    Task<InterviewUpdateResult> TryTransitionAsync(InterviewTransition transition, CancellationToken cancellationToken = default);

    /// <summary>
    /// The interview's audit trail, oldest first: its scheduling (<see cref="InterviewStatusChange.From"/> <see langword="null"/>), then every
    /// transition that succeeded. Empty for an unknown interview.
    /// </summary>
    Task<IReadOnlyList<InterviewStatusChange>> GetHistoryAsync(InterviewId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The no-shows, late cancellations and ratings of each interviewer asked for, counted from the interviews stored and from those
    /// retention removed (<see cref="IRetentionStore.PurgePaymentSessionsAsync"/> folds them into the interviewer's totals); an interviewer
    /// with none is in the answer with zeros.
    /// </summary>
    Task<IReadOnlyDictionary<InterviewerId, InterviewerReliability>> GetReliabilityAsync(
        IReadOnlyCollection<InterviewerId> interviewerIds, CancellationToken cancellationToken = default);
}
