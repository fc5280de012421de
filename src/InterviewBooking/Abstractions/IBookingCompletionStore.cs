namespace InterviewBooking;

/// <summary>
/// Completes a claimed booking in one atomic step across the reservation, interview and payment session stores: confirms the session's
/// hold, stores the interview with its first audit entry, and marks the session booked with its outbox messages, all or nothing. A store
/// that keeps the three in one database does it in one transaction (one round trip on PostgreSQL), instead of the three commits of
/// <see cref="IReservationStore.TryConfirmAsync"/>, <see cref="IInterviewStore.AddOrGetAsync"/> and <see cref="IPaymentSessionStore.TryTransitionAsync"/>.
/// </summary>
/// <remarks>
/// <see cref="AutoBookingService"/> uses it, when one is registered and the scheduler is the default <see cref="InterviewScheduler"/>, for a
/// session it has just marked paid and claimed; it falls back to those three steps when the hold cannot be confirmed (to hold the slot again
/// or flag a refund) or another interview holds the key.
/// </remarks>
public interface IBookingCompletionStore
{
    /// <summary>
    /// Applies the completion when every guard holds: the reservation is the owner's, of the interview's interviewer and slot, held and not
    /// expired; the session is in <see cref="PaymentSessionTransition.From"/> at the expected version; no interview has the key. Otherwise
    /// writes nothing and says which guard refused.
    /// </summary>
    /// <exception cref="ArgumentException">The completion's parts do not belong together (see <see cref="BookingCompletion.Validate"/>).</exception>
    Task<BookingCompletionResult> TryCompleteAsync(BookingCompletion completion, CancellationToken cancellationToken = default);
}
