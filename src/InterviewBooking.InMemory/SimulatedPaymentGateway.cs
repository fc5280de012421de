namespace InterviewBooking.InMemory;

/// <summary>
/// An <see cref="IPaymentGateway"/> that takes no money: it records checkouts and builds the verified <see cref="PaymentEvent"/>s a real
/// provider's webhooks would produce, for tests and samples to deliver through <see cref="PaymentEventProcessor"/>. It keeps where each
/// checkout stands (open, paid, expired) for <see cref="RetrieveCheckoutAsync"/> and <see cref="ExpireCheckoutAsync"/>, and the refunds made,
/// answering a repeated idempotency key with the same refund as a provider does.
/// </summary>
/// <remarks>
/// References are deterministic: a session's checkout is always <c>cs_sim_{session id}</c>, and creating it again returns the same checkout,
/// as the contract of <see cref="IPaymentGateway.CreateCheckoutAsync"/> asks for retries.
/// </remarks>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    /// <summary>The prefix of every checkout reference.</summary>
    public const string ReferencePrefix = "cs_sim_";

    /// <summary>The prefix of every payment reference (the PaymentIntent of a real provider).</summary>
    public const string PaymentReferencePrefix = "pi_sim_";

    private readonly IClock _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<PaymentSessionId, SimulatedCheckout> _checkouts = [];
    private readonly List<SimulatedCheckout> _created = [];
    private readonly Dictionary<PaymentSessionId, (CheckoutState State, Money? Paid)> _states = [];
    private readonly Dictionary<PaymentSessionId, List<ProviderRefund>> _refunds = [];
    private readonly Dictionary<string, ProviderRefund> _refundsByKey = new(StringComparer.Ordinal);
    private readonly FailureCountdown _failures = new();
    private readonly FailureCountdown _refundFailures = new();
    private int _createCalls;
    private int _refundCalls;
    private int _nextRefund;

    private enum CheckoutState
    {
        Open,
        Paid,
        Processing,
        Expired,
    }

    /// <summary>Creates the gateway.</summary>
    /// <param name="clock">Stamps checkouts and events.</param>
    public SimulatedPaymentGateway(IClock clock) => _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>The checkouts created so far, in creation order (a snapshot).</summary>
    public IReadOnlyList<SimulatedCheckout> Checkouts
    {
        get
        {
            lock (_gate)
            {
                return [.. _created];
            }
        }
    }

    /// <summary>How many times <see cref="CreateCheckoutAsync"/> was called, failed and repeated calls included.</summary>
    public int CreateCheckoutCalls => Volatile.Read(ref _createCalls);

    /// <summary>How many of the next checkout creations will still fail.</summary>
    public int PendingFailures => _failures.Remaining;

    /// <summary>How many times <see cref="RefundAsync"/> was called, failed and repeated calls included.</summary>
    public int RefundCalls => Volatile.Read(ref _refundCalls);

    /// <summary>Every refund made, in the order made (a snapshot; a repeated idempotency key made none).</summary>
    public IReadOnlyList<ProviderRefund> Refunds
    {
        get
        {
            lock (_gate)
            {
                return [.. _refunds.Values.SelectMany(static r => r).OrderBy(static r => r.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The reference the gateway gives a session's payment.</summary>
    /// <param name="sessionId">The payment session.</param>
    public static string PaymentReferenceFor(PaymentSessionId sessionId) => PaymentReferencePrefix + sessionId.Value;

    /// <summary>Makes the next <paramref name="count"/> calls of <see cref="RefundAsync"/> throw <see cref="SimulatedFailureException"/> before refunding (0 stops failing).</summary>
    /// <param name="count">How many calls fail.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void FailNextRefunds(int count) => _refundFailures.Set(count);

    /// <summary>The refunds made for a session's payment, in the order made.</summary>
    /// <param name="sessionId">The payment session.</param>
    public IReadOnlyList<ProviderRefund> RefundsOf(PaymentSessionId sessionId)
    {
        lock (_gate)
        {
            return _refunds.TryGetValue(sessionId, out var refunds) ? [.. refunds] : [];
        }
    }

    /// <summary>
    /// Records a refund made outside the library (in the provider's dashboard, say): it has no idempotency key of ours.
    /// </summary>
    /// <param name="sessionId">A session whose checkout was paid.</param>
    /// <param name="amount">What is refunded.</param>
    /// <returns>The refund.</returns>
    public ProviderRefund RefundElsewhere(PaymentSessionId sessionId, Money amount)
    {
        lock (_gate)
        {
            return AddRefund(sessionId, amount, null);
        }
    }

    /// <summary>The reference the gateway gives a session's checkout.</summary>
    /// <param name="sessionId">The payment session.</param>
    public static string ReferenceFor(PaymentSessionId sessionId) => ReferencePrefix + sessionId.Value;

    /// <summary>Makes the next <paramref name="count"/> calls of <see cref="CreateCheckoutAsync"/> throw <see cref="SimulatedFailureException"/> (0 stops failing).</summary>
    /// <param name="count">How many calls fail.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void FailNextCheckouts(int count) => _failures.Set(count);

    /// <summary>The checkout created for a session, or <see langword="null"/>.</summary>
    /// <param name="sessionId">The payment session.</param>
    public SimulatedCheckout? FindCheckout(PaymentSessionId sessionId)
    {
        if (sessionId.IsEmpty)
        {
            return null;
        }

        lock (_gate)
        {
            return _checkouts.GetValueOrDefault(sessionId);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The session has no id, or is not <see cref="PaymentSessionStatus.Pending"/>.</exception>
    /// <exception cref="SimulatedFailureException">The gateway was told to fail this call (<see cref="FailNextCheckouts"/>).</exception>
    public Task<CheckoutSession> CreateCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _createCalls);
        if (session.Id.IsEmpty)
        {
            throw new ArgumentException("A checkout needs a payment session id; Id is empty.", nameof(session));
        }

        if (session.Status != PaymentSessionStatus.Pending)
        {
            throw new ArgumentException($"A checkout is created only for a Pending session; session '{session.Id}' is {session.Status}.", nameof(session));
        }

        if (_failures.TryTake())
        {
            throw new SimulatedFailureException($"Simulated failure creating the checkout for session '{session.Id}'.");
        }

        SimulatedCheckout? checkout;
        lock (_gate)
        {
            if (!_checkouts.TryGetValue(session.Id, out checkout))
            {
                var reference = ReferenceFor(session.Id);
                checkout = new SimulatedCheckout(
                    session.Id,
                    reference,
                    new Uri("https://checkout.invalid/" + Uri.EscapeDataString(reference)),
                    session.Price.Total,
                    _clock.GetCurrentInstant());
                _checkouts.Add(session.Id, checkout);
                _created.Add(checkout);
            }
        }

        return Task.FromResult(new CheckoutSession(checkout.ProviderReference, checkout.RedirectUrl));
    }

    /// <summary>Builds the event of a finished checkout: paid now, or (<paramref name="paid"/> false) an asynchronous payment started.</summary>
    /// <param name="sessionId">A session the gateway created a checkout for.</param>
    /// <param name="paid">Whether the money was captured.</param>
    /// <param name="amount">The amount charged, to simulate a wrong one; the checkout's amount by default.</param>
    /// <exception cref="InvalidOperationException">The gateway created no checkout for the session.</exception>
    public PaymentEvent CompleteCheckout(PaymentSessionId sessionId, bool paid = true, Money? amount = null) =>
        BuildEvent(sessionId, PaymentEventKind.CheckoutCompleted, paid, amount);

    /// <summary>Builds the event of a delayed payment that succeeded.</summary>
    /// <param name="sessionId">A session the gateway created a checkout for.</param>
    /// <param name="amount">The amount charged, to simulate a wrong one; the checkout's amount by default.</param>
    /// <exception cref="InvalidOperationException">The gateway created no checkout for the session.</exception>
    public PaymentEvent SucceedAsyncPayment(PaymentSessionId sessionId, Money? amount = null) =>
        BuildEvent(sessionId, PaymentEventKind.AsyncPaymentSucceeded, true, amount);

    /// <summary>Builds the event of a delayed payment that failed.</summary>
    /// <param name="sessionId">A session the gateway created a checkout for.</param>
    /// <exception cref="InvalidOperationException">The gateway created no checkout for the session.</exception>
    public PaymentEvent FailAsyncPayment(PaymentSessionId sessionId) =>
        BuildEvent(sessionId, PaymentEventKind.AsyncPaymentFailed, false, null);

    /// <summary>Builds the event of a checkout that expired unpaid.</summary>
    /// <param name="sessionId">A session the gateway created a checkout for.</param>
    /// <exception cref="InvalidOperationException">The gateway created no checkout for the session.</exception>
    public PaymentEvent ExpireCheckout(PaymentSessionId sessionId) =>
        BuildEvent(sessionId, PaymentEventKind.CheckoutExpired, false, null);

    /// <inheritdoc />
    /// <remarks>An open checkout expires; one paid answers <see cref="CheckoutExpiryOutcome.Completed"/>; no checkout is <see cref="CheckoutExpiryOutcome.AlreadyClosed"/>.</remarks>
    public Task<CheckoutExpiryOutcome> ExpireCheckoutAsync(PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_checkouts.ContainsKey(session.Id))
            {
                return Task.FromResult(CheckoutExpiryOutcome.AlreadyClosed);
            }

            var (state, _) = _states.GetValueOrDefault(session.Id);
            switch (state)
            {
                case CheckoutState.Open:
                    _states[session.Id] = (CheckoutState.Expired, null);
                    return Task.FromResult(CheckoutExpiryOutcome.Expired);
                case CheckoutState.Expired:
                    return Task.FromResult(CheckoutExpiryOutcome.AlreadyClosed);
                default:
                    return Task.FromResult(CheckoutExpiryOutcome.Completed);
            }
        }
    }

    /// <inheritdoc />
    public Task<PaymentEvent?> RetrieveCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        SimulatedCheckout? checkout;
        (CheckoutState State, Money? Paid) state;
        lock (_gate)
        {
            checkout = _checkouts.GetValueOrDefault(session.Id);
            state = _states.GetValueOrDefault(session.Id);
        }

        if (checkout is null || state.State == CheckoutState.Open)
        {
            return Task.FromResult<PaymentEvent?>(null);
        }

        var expired = state.State == CheckoutState.Expired;
        return Task.FromResult<PaymentEvent?>(new PaymentEvent
        {
            EventId = "retrieved:" + checkout.ProviderReference,
            Kind = expired ? PaymentEventKind.CheckoutExpired : PaymentEventKind.CheckoutCompleted,
            SessionId = session.Id,
            ProviderReference = checkout.ProviderReference,
            ProviderPaymentReference = expired ? null : PaymentReferenceFor(session.Id),
            IsPaid = state.State == CheckoutState.Paid,
            AmountPaid = state.Paid,
            OccurredAt = _clock.GetCurrentInstant(),
        });
    }

    /// <inheritdoc />
    /// <exception cref="SimulatedFailureException">The gateway was told to fail this call (<see cref="FailNextRefunds"/>); nothing was refunded.</exception>
    /// <exception cref="InvalidOperationException">The session's checkout was not paid, or the refund is more than what is left to refund.</exception>
    public Task<ProviderRefund> RefundAsync(PaymentSession session, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _refundCalls);
        if (_refundFailures.TryTake())
        {
            throw new SimulatedFailureException($"Simulated failure refunding session '{session.Id}'.");
        }

        lock (_gate)
        {
            if (_refundsByKey.TryGetValue(idempotencyKey, out var earlier))
            {
                return Task.FromResult(earlier);
            }

            if (_states.GetValueOrDefault(session.Id) is not { State: CheckoutState.Paid, Paid: { } paid })
            {
                throw new InvalidOperationException($"Session '{session.Id}' was not paid through the simulated gateway; nothing to refund.");
            }

            var refunded = _refunds.TryGetValue(session.Id, out var made) ? made.Where(static r => r.Counts).Sum(static r => r.Amount.MinorUnits) : 0;
            var left = paid.MinorUnits - refunded;
            var asked = amount ?? new Money(left, paid.Currency);
            if (asked.Currency != paid.Currency || asked.MinorUnits <= 0 || asked.MinorUnits > left)
            {
                throw new InvalidOperationException($"Session '{session.Id}': a refund of {asked} is more than the {left} {paid.Currency} left to refund, or in another currency.");
            }

            return Task.FromResult(AddRefund(session.Id, asked, idempotencyKey));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProviderRefund>> ListRefundsAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(RefundsOf(session.Id));
    }

    private ProviderRefund AddRefund(PaymentSessionId sessionId, Money amount, string? idempotencyKey)
    {
        var refund = new ProviderRefund($"re_sim_{++_nextRefund:D6}", amount, ProviderRefundStatus.Succeeded, _clock.GetCurrentInstant()) { IdempotencyKey = idempotencyKey };
        if (!_refunds.TryGetValue(sessionId, out var refunds))
        {
            _refunds[sessionId] = refunds = [];
        }

        refunds.Add(refund);
        if (idempotencyKey is not null)
        {
            _refundsByKey[idempotencyKey] = refund;
        }

        return refund;
    }

    private PaymentEvent BuildEvent(PaymentSessionId sessionId, PaymentEventKind kind, bool paid, Money? amount)
    {
        var checkout = FindCheckout(sessionId)
            ?? throw new InvalidOperationException(
                $"The simulated gateway created no checkout for payment session '{sessionId}'; call CreateCheckoutAsync for it first.");
        var charged = amount ?? checkout.Amount;
        lock (_gate)
        {
            // What the provider now says of the checkout, for RetrieveCheckoutAsync and ExpireCheckoutAsync.
            _states[sessionId] = kind switch
            {
                PaymentEventKind.CheckoutExpired => (CheckoutState.Expired, null),
                PaymentEventKind.AsyncPaymentFailed => (CheckoutState.Expired, null),
                _ when paid => (CheckoutState.Paid, charged),
                _ => (CheckoutState.Processing, null),
            };
        }

        return new PaymentEvent
        {
            EventId = "evt_sim_" + Guid.CreateVersion7().ToString("N"),
            Kind = kind,
            SessionId = sessionId,
            ProviderReference = checkout.ProviderReference,
            ProviderPaymentReference = paid ? PaymentReferenceFor(sessionId) : null,
            IsPaid = paid,
            AmountPaid = charged,
            OccurredAt = _clock.GetCurrentInstant(),
        };
    }
}
