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
    /// Replaces an interview when the stored one still has <paramref name="expectedSequence"/> (compare-and-set); returns whether it did,
    /// with the interview as it is now.
    /// </summary>
    Task<(bool Updated, ScheduledInterview? Current)> TryUpdateAsync(ScheduledInterview interview, int expectedSequence, CancellationToken cancellationToken = default);
}
