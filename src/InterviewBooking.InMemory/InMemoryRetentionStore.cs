namespace InterviewBooking.InMemory;

/// <summary>
/// The <see cref="IRetentionStore"/> of the in-memory stores: removes what <see cref="RetentionRules"/> lets go from the stores it was given,
/// reading each kind's oldest rows from an index the store keeps (never scanning every row). A kind whose store it was not given is left alone.
/// </summary>
/// <remarks>
/// A session is decided and removed while holding the outbox's lock (which the interview store and every session change that writes messages
/// share) and the payout store's lock, so no interview report, dispute or message can reach it in between; a session change that writes no
/// message is a compare-and-set, and the removal is one too (on the exact record read), so of the two exactly one wins. Its interview's
/// no-show, late cancellation, attendance and rating move into the interviewer's totals in the same step.
/// </remarks>
public sealed class InMemoryRetentionStore : IRetentionStore
{
    // A free rebooking of a free rebooking is possible; chains stay short (as DisputeService walks them).
    private const int MaxChain = 8;

    private readonly InMemoryReservationStore? _reservations;
    private readonly InMemoryPaymentSessionStore? _sessions;
    private readonly InMemoryInterviewStore? _interviews;
    private readonly InMemoryPayoutStore? _payouts;
    private readonly InMemoryOutboxStore? _outbox;
    private readonly InMemoryPaymentEventInbox? _inbox;

    /// <summary>Creates the retention side of the in-memory stores given; a <see langword="null"/> store's kind is never purged.</summary>
    /// <param name="reservations">The reservations to purge, or <see langword="null"/>.</param>
    /// <param name="sessions">The payment sessions to purge, or <see langword="null"/>; they need the three stores after them to be decided.</param>
    /// <param name="interviews">The interviews that go with their sessions (required with <paramref name="sessions"/>).</param>
    /// <param name="payouts">The payouts and disputes that go with their sessions (required with <paramref name="sessions"/>).</param>
    /// <param name="outbox">The outbox to purge, and to read the sessions' undelivered items from (required with <paramref name="sessions"/>).</param>
    /// <param name="inbox">The payment event inbox to purge, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="sessions"/> is given without the interview, payout or outbox store.</exception>
    public InMemoryRetentionStore(
        InMemoryReservationStore? reservations,
        InMemoryPaymentSessionStore? sessions,
        InMemoryInterviewStore? interviews,
        InMemoryPayoutStore? payouts,
        InMemoryOutboxStore? outbox,
        InMemoryPaymentEventInbox? inbox)
    {
        if (sessions is not null && (interviews is null || payouts is null || outbox is null))
        {
            throw new ArgumentException(
                "Whether a payment session may go depends on its interview, payout, disputes and outbox items: give the interview, payout and outbox stores with the session store.",
                nameof(sessions));
        }

        _reservations = reservations;
        _sessions = sessions;
        _interviews = interviews;
        _payouts = payouts;
        _outbox = outbox;
        _inbox = inbox;
    }

    /// <inheritdoc />
    public Task<RetentionBatch> PurgeReservationsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems, cancellationToken);
        return Done(RetentionKind.Reservations, _reservations?.Purge(cutoffs, maxItems));
    }

    /// <inheritdoc />
    public Task<RetentionBatch> PurgePaymentSessionsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems, cancellationToken);
        if (_sessions is null)
        {
            return Done(RetentionKind.PaymentSessions, null);
        }

        var removed = new List<string>();
        lock (_outbox!.Gate)
        {
            var ownGate = _interviews!.Gate == _outbox.Gate ? null : _interviews.Gate;
            ownGate?.Enter();
            try
            {
                lock (_payouts!.Gate)
                {
                    foreach (var group in _sessions.ChooseForRetention(cutoffs, maxItems, session => Removable(session, cutoffs)))
                    {
                        // The original first: if a later member changed meanwhile, what stays is a rebooking whose original went, which may go later.
                        foreach (var member in group)
                        {
                            var interview = InterviewOf(member);
                            if (!_sessions.TryRemove(member))
                            {
                                break;
                            }

                            if (interview is not null)
                            {
                                _interviews.RemoveRetained(interview);
                            }

                            _payouts.RemoveRetained(member.Id);
                            removed.Add(member.Id.Value);
                        }
                    }
                }
            }
            finally
            {
                ownGate?.Exit();
            }
        }

        return Done(RetentionKind.PaymentSessions, removed);
    }

    /// <inheritdoc />
    public Task<RetentionBatch> PurgeOutboxItemsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems, cancellationToken);
        return Done(RetentionKind.OutboxItems, _outbox?.Purge(cutoffs, maxItems));
    }

    /// <inheritdoc />
    public Task<RetentionBatch> PurgePaymentEventsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems, cancellationToken);
        return Done(RetentionKind.PaymentEvents, _inbox?.Purge(cutoffs, maxItems));
    }

    // The session's rebooking chain, original first, when every member may go; null when one must stay. Called under the stores' locks.
    private List<PaymentSession>? Removable(PaymentSession session, RetentionCutoffs cutoffs)
    {
        var root = session;
        for (var i = 0; i < MaxChain && root.RebookedFrom is { } from && _sessions!.Peek(from) is { } original; i++)
        {
            root = original;
        }

        var chain = new List<PaymentSession> { root };
        for (var current = root; current.Status == PaymentSessionStatus.Rebooked;)
        {
            // A Rebooked original goes only with its rebooking: without one, the rebooking is still being made (or will be refunded).
            if (chain.Count > MaxChain
                || _sessions!.Peek(RebookingService.RebookedSessionId(current.Id)) is not { } next
                || next.RebookedFrom != current.Id)
            {
                return null;
            }

            chain.Add(next);
            current = next;
        }

        return chain.TrueForAll(member => IsUnreachable(member, cutoffs)) ? chain : null;
    }

    private bool IsUnreachable(PaymentSession session, RetentionCutoffs cutoffs)
    {
        if (!RetentionRules.IsSessionSettled(session, cutoffs) || _outbox!.HasUndelivered(session.Id) || !_payouts!.IsSettled(session.Id))
        {
            return false;
        }

        var interview = InterviewOf(session);
        if (interview is not null)
        {
            return RetentionRules.IsInterviewSettled(interview, cutoffs);
        }

        // A booked session whose interview this store does not have cannot be judged: it stays.
        return session.Status != PaymentSessionStatus.Booked;
    }

    private ScheduledInterview? InterviewOf(PaymentSession session) =>
        (session.InterviewId is { IsEmpty: false } id ? _interviews!.Peek(id) : null) ?? _interviews!.Find(session.Id.Value);

    private static void Ensure(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static Task<RetentionBatch> Done(RetentionKind kind, List<string>? removed) =>
        Task.FromResult(new RetentionBatch(kind, removed ?? []));
}
