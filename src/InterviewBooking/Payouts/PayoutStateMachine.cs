namespace InterviewBooking;

/// <summary>The payout status changes a store allows; any other is an error, never a silent overwrite.</summary>
public static class PayoutStateMachine
{
    private static readonly HashSet<(PayoutStatus From, PayoutStatus To)> Allowed =
    [
        (PayoutStatus.Pending, PayoutStatus.Paid),
        (PayoutStatus.Pending, PayoutStatus.Canceled),
        (PayoutStatus.Pending, PayoutStatus.Held),
        (PayoutStatus.Held, PayoutStatus.Pending),
        (PayoutStatus.Held, PayoutStatus.Canceled),
        (PayoutStatus.Held, PayoutStatus.Paid),
        (PayoutStatus.Paid, PayoutStatus.Reversed),
    ];

    /// <summary>Whether a payout may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The current status.</param>
    /// <param name="to">The new status.</param>
    public static bool IsAllowed(PayoutStatus from, PayoutStatus to) => Allowed.Contains((from, to));

    /// <summary>Throws when the change is not allowed.</summary>
    /// <param name="interviewId">The payout's interview, for the message.</param>
    /// <param name="from">The current status.</param>
    /// <param name="to">The new status.</param>
    /// <exception cref="InvalidPayoutTransitionException">The change is not allowed.</exception>
    public static void EnsureAllowed(InterviewId interviewId, PayoutStatus from, PayoutStatus to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidPayoutTransitionException(interviewId, from, to);
        }
    }
}
