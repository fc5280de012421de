namespace InterviewBooking;

/// <summary>
/// The life of a payment session. <see cref="Pending"/> -> <see cref="Paid"/> -> <see cref="Booking"/> -> <see cref="Booked"/>;
/// <see cref="Pending"/> -> <see cref="Expired"/> | <see cref="Canceled"/>; <see cref="Pending"/> -> <see cref="Processing"/> -> <see cref="Paid"/> | <see cref="Failed"/>;
/// <see cref="Paid"/> -> <see cref="RefundRequired"/>; <see cref="Booked"/> -> <see cref="Booked"/> (rescheduled) | <see cref="BookingCanceled"/>;
/// <see cref="RefundRequired"/> | <see cref="BookingCanceled"/> -> <see cref="Refunded"/>. <see cref="PaymentSessionStateMachine"/> holds the full table.
/// </summary>
public enum PaymentSessionStatus
{
    /// <summary>Created; the candidate has not paid yet.</summary>
    Pending = 0,

    /// <summary>An asynchronous payment (bank debit, say) is under way.</summary>
    Processing = 1,

    /// <summary>A verified payment event confirmed the payment; not booked yet.</summary>
    Paid = 2,

    /// <summary>One worker has claimed the session and is booking it.</summary>
    Booking = 3,

    /// <summary>The interview is booked with the pre-matched interviewer.</summary>
    Booked = 4,

    /// <summary>The checkout expired unpaid; the hold was released.</summary>
    Expired = 5,

    /// <summary>Canceled before payment (a checkout could not be created, say).</summary>
    Canceled = 6,

    /// <summary>The asynchronous payment failed; the hold was released.</summary>
    Failed = 7,

    /// <summary>Paid, but the booking cannot be made (the reserved slot was lost, the amount differs): refund, with <see cref="PaymentSession.StatusReason"/>.</summary>
    RefundRequired = 8,

    /// <summary>Booked, then canceled (by the candidate, the interviewer or an operator) or ended by a no-show; the reservation was released and <see cref="PaymentSession.Refund"/> holds the refund decided by policy.</summary>
    BookingCanceled = 9,

    /// <summary>
    /// The refund owed (by <see cref="RefundRequired"/>, or by a cancellation's policy) was issued at the provider;
    /// <see cref="PaymentSession.IssuedRefund"/> holds its id, amount and time.
    /// </summary>
    Refunded = 10,

    /// <summary>
    /// Canceled by the interviewer (or they did not show), and the candidate chose a free rebooking with another interviewer instead of
    /// the refund: a new session (<see cref="PaymentSession.RebookedFrom"/> names this one) carries the booking on. Nothing is refunded.
    /// </summary>
    Rebooked = 11,
}
