namespace InterviewBooking;

/// <summary>
/// Creates, moves and cancels interviews. Every call is idempotent: a second <see cref="ScheduleAsync"/> with the same
/// <see cref="InterviewScheduleRequest.IdempotencyKey"/> returns the first interview; moving to the slot it already has, or canceling
/// what is canceled, returns it unchanged.
/// </summary>
public interface IInterviewScheduler
{
    /// <summary>Schedules the interview, or returns the one already scheduled under the request's idempotency key.</summary>
    Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default);

    /// <summary>Moves an interview to a new slot (same interviewer), raising its <see cref="ScheduledInterview.Sequence"/>.</summary>
    /// <exception cref="InterviewNotFoundException">No such interview.</exception>
    /// <exception cref="InterviewBookingException">It was canceled.</exception>
    Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default);

    /// <summary>Cancels an interview, raising its <see cref="ScheduledInterview.Sequence"/>.</summary>
    /// <exception cref="InterviewNotFoundException">No such interview.</exception>
    Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels an interview as <see cref="CancelAsync(InterviewId, CancellationToken)"/> does, recording who canceled it, whether with less
    /// notice than the full-refund notice, and why (the interview's audit trail keeps them). A scheduler that keeps no lifecycle ignores them.
    /// </summary>
    /// <exception cref="InterviewNotFoundException">No such interview.</exception>
    /// <exception cref="InvalidInterviewTransitionException">It already ended otherwise (completed, or a no-show was recorded).</exception>
    Task<ScheduledInterview> CancelByAsync(InterviewId id, InterviewParty canceledBy, bool isLate, string? reason, CancellationToken cancellationToken = default) =>
        CancelAsync(id, cancellationToken);
}
