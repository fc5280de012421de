namespace InterviewBooking;

/// <summary>
/// The legal status changes of a payment session. Every <see cref="IPaymentSessionStore"/> refuses any other change,
/// so all adapters agree on one table.
/// </summary>
public static class PaymentSessionStateMachine
{
    private static readonly PaymentSessionStatus[][] Allowed = Build();

    /// <summary>Whether a session may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <remarks>
    /// <see cref="PaymentSessionStatus.Booking"/> to itself is a takeover of a stale claim (its worker died);
    /// <see cref="PaymentSessionStatus.Booking"/> to <see cref="PaymentSessionStatus.Paid"/> gives a claim back after a failure so a retry can book.
    /// </remarks>
    public static bool IsAllowed(PaymentSessionStatus from, PaymentSessionStatus to) =>
        (uint)from < (uint)Allowed.Length && Array.IndexOf(Allowed[(int)from], to) >= 0;

    /// <summary>Whether no change leaves <paramref name="status"/>.</summary>
    public static bool IsTerminal(PaymentSessionStatus status) =>
        (uint)status < (uint)Allowed.Length && Allowed[(int)status].Length == 0;

    /// <summary>Throws <see cref="InvalidPaymentSessionTransitionException"/> when the change is not in the table.</summary>
    public static void EnsureAllowed(PaymentSessionId sessionId, PaymentSessionStatus from, PaymentSessionStatus to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidPaymentSessionTransitionException(sessionId, from, to);
        }
    }

    private static PaymentSessionStatus[][] Build()
    {
        var table = new PaymentSessionStatus[Enum.GetValues<PaymentSessionStatus>().Length][];
        Array.Fill(table, []);
        table[(int)PaymentSessionStatus.Pending] =
        [
            PaymentSessionStatus.Paid, PaymentSessionStatus.Processing, PaymentSessionStatus.Expired,
            PaymentSessionStatus.Canceled, PaymentSessionStatus.Failed, PaymentSessionStatus.RefundRequired,
        ];
        table[(int)PaymentSessionStatus.Processing] =
            [PaymentSessionStatus.Paid, PaymentSessionStatus.Failed, PaymentSessionStatus.RefundRequired];
        table[(int)PaymentSessionStatus.Paid] = [PaymentSessionStatus.Booking, PaymentSessionStatus.RefundRequired];
        // A payment that arrives for a session already closed unpaid must still end somewhere: flagged for refund.
        table[(int)PaymentSessionStatus.Expired] = [PaymentSessionStatus.RefundRequired];
        table[(int)PaymentSessionStatus.Canceled] = [PaymentSessionStatus.RefundRequired];
        table[(int)PaymentSessionStatus.Failed] = [PaymentSessionStatus.RefundRequired];
        table[(int)PaymentSessionStatus.Booking] =
        [
            PaymentSessionStatus.Booked, PaymentSessionStatus.RefundRequired,
            PaymentSessionStatus.Paid, PaymentSessionStatus.Booking,
        ];
        // Booked -> Booked is a reschedule (new slot, same interviewer); Booked -> BookingCanceled a cancellation.
        table[(int)PaymentSessionStatus.Booked] = [PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled];
        // A refund owed ends when the provider issued it (through the outbox worker, or one an operator made at the provider).
        table[(int)PaymentSessionStatus.RefundRequired] = [PaymentSessionStatus.Refunded];
        // BookingCanceled -> BookingCanceled closes the choice of a free rebooking when the refund starts; -> Rebooked is that choice made.
        table[(int)PaymentSessionStatus.BookingCanceled] =
            [PaymentSessionStatus.Refunded, PaymentSessionStatus.BookingCanceled, PaymentSessionStatus.Rebooked];
        // A rebooking whose new session could not be made after all (no one free any more when a failed call is repeated) is refunded.
        table[(int)PaymentSessionStatus.Rebooked] = [PaymentSessionStatus.RefundRequired];
        return table;
    }
}
