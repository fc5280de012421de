namespace InterviewBooking;

/// <summary>Creates the interview. Idempotent: a second call with the same <see cref="InterviewScheduleRequest.IdempotencyKey"/> returns the first interview.</summary>
public interface IInterviewScheduler
{
    /// <summary>Schedules the interview, or returns the one already scheduled under the request's idempotency key.</summary>
    Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default);
}
