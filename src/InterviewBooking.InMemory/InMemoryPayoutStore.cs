namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IPayoutStore"/> for one process. One lock guards payouts, disputes and audit trails, so a payout's creation and
/// a dispute's report never miss each other, and of two concurrent compare-and-sets exactly one wins.
/// </summary>
public sealed class InMemoryPayoutStore : IPayoutStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<InterviewId, Payout> _payouts = [];
    private readonly Dictionary<PaymentSessionId, InterviewId> _bySession = [];
    private readonly Dictionary<InterviewId, List<PayoutStatusChange>> _history = [];
    private readonly Dictionary<string, PaymentDispute> _disputes = new(StringComparer.Ordinal);
    private readonly Dictionary<PaymentSessionId, List<string>> _disputesBySession = [];

    /// <summary>How many payouts are stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _payouts.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task<Payout> AddOrGetAsync(Payout payout, CancellationToken cancellationToken = default)
    {
        PayoutStateMachine.EnsureNew(payout);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_payouts.TryGetValue(payout.InterviewId, out var existing))
            {
                return Task.FromResult(existing);
            }

            var stored = payout with { Version = 1, UpdatedAt = payout.CreatedAt };
            if (PayoutStateMachine.AfterDisputes(stored, Disputes(payout.SessionId), payout.CreatedAt) is { } held)
            {
                stored = stored with { Status = held.To, StatusReason = held.Reason };
            }

            _payouts[stored.InterviewId] = stored;
            _bySession.TryAdd(stored.SessionId, stored.InterviewId);
            _history[stored.InterviewId] = [new PayoutStatusChange(stored.InterviewId, null, stored.Status, stored.CreatedAt, stored.StatusReason)];
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<Payout?> GetAsync(InterviewId interviewId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(!interviewId.IsEmpty && _payouts.TryGetValue(interviewId, out var payout) ? payout : null);
        }
    }

    /// <inheritdoc />
    public Task<Payout?> FindBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(!sessionId.IsEmpty && _bySession.TryGetValue(sessionId, out var id) ? _payouts[id] : null);
        }
    }

    /// <inheritdoc />
    public Task<PayoutUpdateResult> TryTransitionAsync(PayoutTransition transition, CancellationToken cancellationToken = default)
    {
        PayoutStateMachine.EnsureValid(transition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_payouts.TryGetValue(transition.InterviewId, out var current))
            {
                return Task.FromResult(new PayoutUpdateResult(false, null));
            }

            if (current.Status != transition.From || (transition.ExpectedVersion is { } version && current.Version != version))
            {
                return Task.FromResult(new PayoutUpdateResult(false, current));
            }

            return Task.FromResult(new PayoutUpdateResult(true, Apply(current, transition.To, transition.At, transition.Reason, transition.ProviderTransferId, transition.ProviderReversalId)));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PayoutStatusChange>> GetHistoryAsync(InterviewId interviewId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PayoutStatusChange>>(
                !interviewId.IsEmpty && _history.TryGetValue(interviewId, out var history) ? [.. history] : []);
        }
    }

    /// <inheritdoc />
    public Task<DisputeApplication> ApplyDisputeAsync(PaymentDispute dispute, CancellationToken cancellationToken = default)
    {
        EnsureValid(dispute);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var (stored, changed) = PaymentDispute.Merge(_disputes.GetValueOrDefault(dispute.DisputeId), dispute);
            if (changed)
            {
                _disputes[stored.DisputeId] = stored;
                if (!_disputesBySession.TryGetValue(stored.SessionId, out var ids))
                {
                    _disputesBySession[stored.SessionId] = ids = [];
                }

                if (!ids.Contains(stored.DisputeId, StringComparer.Ordinal))
                {
                    ids.Add(stored.DisputeId);
                }
            }

            var payout = _bySession.TryGetValue(stored.SessionId, out var interviewId) ? _payouts[interviewId] : null;
            if (changed && payout is not null && PayoutStateMachine.AfterDisputes(payout, Disputes(stored.SessionId), stored.At) is { } move)
            {
                payout = Apply(payout, move.To, move.At, move.Reason, null, null);
            }

            return Task.FromResult(new DisputeApplication(stored, payout, changed));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PaymentDispute>> ListDisputesAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Disputes(sessionId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Payout>> ListByStatusAsync(PayoutStatus status, int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Payout>>(
                [.. _payouts.Values.Where(p => p.Status == status).OrderBy(p => p.UpdatedAt).ThenBy(p => p.InterviewId.Value, StringComparer.Ordinal).Take(maxItems)]);
        }
    }

    private static void EnsureValid(PaymentDispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        if (string.IsNullOrWhiteSpace(dispute.DisputeId) || dispute.SessionId.IsEmpty)
        {
            throw new ArgumentException("A dispute has the provider's id and names its payment session.", nameof(dispute));
        }
    }

    private IReadOnlyList<PaymentDispute> Disputes(PaymentSessionId sessionId) =>
        _disputesBySession.TryGetValue(sessionId, out var ids) ? [.. ids.Select(id => _disputes[id])] : [];

    private Payout Apply(Payout current, PayoutStatus to, Instant at, string? reason, string? transferId, string? reversalId)
    {
        var next = current with
        {
            Status = to,
            StatusReason = reason,
            ProviderTransferId = transferId ?? current.ProviderTransferId,
            ProviderReversalId = reversalId ?? current.ProviderReversalId,
            UpdatedAt = at,
            Version = current.Version + 1,
        };
        _payouts[current.InterviewId] = next;
        _history[current.InterviewId].Add(new PayoutStatusChange(current.InterviewId, current.Status, to, at, reason));
        return next;
    }

    /// <summary>The lock every change of a payout or dispute holds.</summary>
    internal Lock Gate => _gate;

    /// <summary>
    /// Whether retention may remove the session's payout and disputes: no payout, or one <see cref="RetentionRules.IsPayoutSettled"/> lets go,
    /// and no dispute open; the caller holds <see cref="Gate"/>.
    /// </summary>
    internal bool IsSettled(PaymentSessionId sessionId) =>
        (!_bySession.TryGetValue(sessionId, out var interviewId) || RetentionRules.IsPayoutSettled(_payouts[interviewId]))
        && Disputes(sessionId).All(static dispute => dispute.Status != DisputeStatus.Open);

    /// <summary>Removes the session's payout (with its trail) and its disputes; the caller holds <see cref="Gate"/>.</summary>
    internal void RemoveRetained(PaymentSessionId sessionId)
    {
        if (_bySession.Remove(sessionId, out var interviewId))
        {
            _payouts.Remove(interviewId);
            _history.Remove(interviewId);
        }

        if (_disputesBySession.Remove(sessionId, out var disputeIds))
        {
            foreach (var disputeId in disputeIds)
            {
                _disputes.Remove(disputeId);
            }
        }
    }
}
