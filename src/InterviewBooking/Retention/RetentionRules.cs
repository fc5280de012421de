namespace InterviewBooking;

/// <summary>
/// What retention may remove, row by row, for every store adapter: a row goes only when it is finished and nothing can still reach it.
/// The rules a hold checks (overlaps, buffers, the daily cap, the candidate's active holds) read active reservations only, which never go;
/// the interviewer's reliability keeps the counts of the interviews removed (<see cref="IRetentionStore"/>); coupon redemptions stay, since a
/// coupon's use limit counts them.
/// </summary>
/// <remarks>
/// A payment session goes when <see cref="IsSessionSettled"/> holds and nothing outside it can reach it: its interview (if any) satisfies
/// <see cref="IsInterviewSettled"/>, its payout (if any) <see cref="IsPayoutSettled"/>, none of its disputes is open, none of its outbox items is
/// pending or leased, and a free rebooking's chain (<see cref="PaymentSession.RebookedFrom"/>) goes as a whole: a
/// <see cref="PaymentSessionStatus.Rebooked"/> original only with its rebooking, a rebooking only with its original or after it went.
/// </remarks>
public static class RetentionRules
{
    /// <summary>
    /// A reservation no longer active (released, expired, confirmed, or held with its hold run out) whose slot ended before
    /// <see cref="RetentionCutoffs.FinishedBefore"/>: no hold can fall on that day any more, and no booking can move it.
    /// </summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <returns>Whether it may go.</returns>
    public static bool IsReservationSettled(Reservation reservation, RetentionCutoffs cutoffs)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var finished = reservation.Status != ReservationStatus.Held || reservation.HeldUntil <= cutoffs.Now;
        return finished && reservation.Slot.End < cutoffs.FinishedBefore;
    }

    /// <summary>
    /// The session's own part of the rule: last changed before <see cref="RetentionCutoffs.FinishedBefore"/> (and, when it was ever paid,
    /// before <see cref="RetentionCutoffs.PaidBefore"/>, since its last change came at or after its payment), in a status nothing more is owed in:
    /// closed unpaid (<see cref="PaymentSessionStatus.Expired"/>, <see cref="PaymentSessionStatus.Canceled"/>, <see cref="PaymentSessionStatus.Failed"/>),
    /// <see cref="PaymentSessionStatus.Refunded"/>, <see cref="PaymentSessionStatus.Booked"/> (its interview decides the rest),
    /// <see cref="PaymentSessionStatus.BookingCanceled"/> with no refund owed, or <see cref="PaymentSessionStatus.Rebooked"/> (its rebooking decides
    /// the rest). Pending, processing, paid, booking and refund-required sessions always stay.
    /// </summary>
    /// <param name="session">The session.</param>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <returns>Whether its own state lets it go.</returns>
    public static bool IsSessionSettled(PaymentSession session, RetentionCutoffs cutoffs)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var lastChanged = session.UpdatedAt > session.CreatedAt ? session.UpdatedAt : session.CreatedAt;
        if (lastChanged >= cutoffs.FinishedBefore)
        {
            return false;
        }

        return session.Status switch
        {
            PaymentSessionStatus.Expired or PaymentSessionStatus.Canceled or PaymentSessionStatus.Failed => true,
            PaymentSessionStatus.Refunded or PaymentSessionStatus.Booked or PaymentSessionStatus.Rebooked => lastChanged < cutoffs.PaidBefore,
            PaymentSessionStatus.BookingCanceled => lastChanged < cutoffs.PaidBefore && (session.Refund is null || session.Refund.Amount.MinorUnits == 0),
            _ => false,
        };
    }

    /// <summary>
    /// A session's interview may go with it when it ended (completed, a no-show, canceled) before <see cref="RetentionCutoffs.FinishedBefore"/>:
    /// a scheduled one can still be reported, and one just ended still takes feedback and a rating.
    /// </summary>
    /// <param name="interview">The interview.</param>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <returns>Whether it may go.</returns>
    public static bool IsInterviewSettled(ScheduledInterview interview, RetentionCutoffs cutoffs)
    {
        ArgumentNullException.ThrowIfNull(interview);
        ArgumentNullException.ThrowIfNull(cutoffs);
        return interview.Status != InterviewStatus.Scheduled && interview.EndedAt is { } ended && ended < cutoffs.FinishedBefore;
    }

    /// <summary>A session's payout may go with it once nothing more moves money: <see cref="PayoutStatus.Paid"/>, <see cref="PayoutStatus.Canceled"/> or <see cref="PayoutStatus.Reversed"/>.</summary>
    /// <param name="payout">The payout.</param>
    /// <returns>Whether it may go.</returns>
    public static bool IsPayoutSettled(Payout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        return payout.Status is PayoutStatus.Paid or PayoutStatus.Canceled or PayoutStatus.Reversed;
    }

    /// <summary>An outbox item delivered or dead-lettered before <see cref="RetentionCutoffs.FinishedBefore"/>.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <returns>Whether it may go.</returns>
    public static bool IsOutboxItemSettled(OutboxItem item, RetentionCutoffs cutoffs)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(cutoffs);
        return item.Status is OutboxItemStatus.Completed or OutboxItemStatus.DeadLettered
            && item.FinishedAt is { } finished && finished < cutoffs.FinishedBefore;
    }

    /// <summary>A payment event processed before <see cref="RetentionCutoffs.PaymentEventsProcessedBefore"/>: the provider no longer redelivers it.</summary>
    /// <param name="processed">The inbox entry.</param>
    /// <param name="cutoffs">The pass's cutoffs.</param>
    /// <returns>Whether it may go.</returns>
    public static bool IsPaymentEventSettled(ProcessedPaymentEvent processed, RetentionCutoffs cutoffs)
    {
        ArgumentNullException.ThrowIfNull(processed);
        ArgumentNullException.ThrowIfNull(cutoffs);
        return processed.ProcessedAt < cutoffs.PaymentEventsProcessedBefore;
    }
}
