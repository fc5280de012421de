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

    /// <summary>
    /// What the session's disputes make of its payout: a lost one cancels a pending or held payout (the candidate has the money back), an open
    /// one holds a pending payout, and a held payout with no dispute left open is pending again. <see langword="null"/> when nothing changes.
    /// Stores call it in the same atomic step as a payout's creation and a dispute's report.
    /// </summary>
    /// <param name="payout">The payout as stored.</param>
    /// <param name="disputes">Every dispute of its session.</param>
    /// <param name="at">When the change happens.</param>
    /// <returns>The change to make, with its reason, or <see langword="null"/>.</returns>
    public static PayoutTransition? AfterDisputes(Payout payout, IReadOnlyList<PaymentDispute> disputes, Instant at)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(disputes);
        var lost = disputes.FirstOrDefault(static d => d.Status == DisputeStatus.Lost);
        var open = disputes.FirstOrDefault(static d => d.Status == DisputeStatus.Open);
        var released = disputes.LastOrDefault(static d => d.IsReleased);
        return payout.Status switch
        {
            PayoutStatus.Pending or PayoutStatus.Held when lost is not null => Change(PayoutStatus.Canceled, $"Dispute {lost.DisputeId} lost."),
            PayoutStatus.Pending when open is not null => Change(PayoutStatus.Held, $"Dispute {open.DisputeId} open."),
            PayoutStatus.Held when open is null => Change(PayoutStatus.Pending, $"Dispute {released?.DisputeId} closed {released?.Status}."),
            _ => null,
        };

        PayoutTransition Change(PayoutStatus to, string reason) =>
            new(payout.InterviewId, payout.Status, to, at) { ExpectedVersion = payout.Version, Reason = reason };
    }

    /// <summary>Checks a payout before a store records it: ids present, and Pending or Canceled (the only states a payout starts in).</summary>
    /// <param name="payout">The payout to record.</param>
    /// <exception cref="ArgumentException">It lacks an id, or starts in another status.</exception>
    public static void EnsureNew(Payout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        if (payout.InterviewId.IsEmpty || payout.SessionId.IsEmpty || payout.InterviewerId.IsEmpty || string.IsNullOrWhiteSpace(payout.PlanId))
        {
            throw new ArgumentException("A payout names its interview, payment session, interviewer and plan.", nameof(payout));
        }

        if (payout.Status is not (PayoutStatus.Pending or PayoutStatus.Canceled))
        {
            throw new ArgumentException($"A payout is recorded Pending or Canceled; the payout of interview '{payout.InterviewId}' is {payout.Status}.", nameof(payout));
        }
    }

    /// <summary>Checks a change before a store applies it: allowed, and carrying the provider's id that its new status needs.</summary>
    /// <param name="transition">The change.</param>
    /// <exception cref="InvalidPayoutTransitionException">The change is not allowed.</exception>
    /// <exception cref="ArgumentException">A change to Paid has no transfer id, or one to Reversed no reversal id.</exception>
    public static void EnsureValid(PayoutTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        EnsureAllowed(transition.InterviewId, transition.From, transition.To);
        if (transition.To == PayoutStatus.Paid && string.IsNullOrWhiteSpace(transition.ProviderTransferId))
        {
            throw new ArgumentException($"Marking the payout of interview '{transition.InterviewId}' Paid needs the provider's transfer id.", nameof(transition));
        }

        if (transition.To == PayoutStatus.Reversed && string.IsNullOrWhiteSpace(transition.ProviderReversalId))
        {
            throw new ArgumentException($"Marking the payout of interview '{transition.InterviewId}' Reversed needs the provider's reversal id.", nameof(transition));
        }
    }
}
