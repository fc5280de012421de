namespace InterviewBooking.InMemory;

/// <summary>
/// An <see cref="IPaymentGateway"/> that takes no money: it records checkouts and builds the verified <see cref="PaymentEvent"/>s a real
/// provider's webhooks would produce, for tests and samples to deliver through <see cref="PaymentEventProcessor"/>.
/// </summary>
/// <remarks>
/// References are deterministic: a session's checkout is always <c>cs_sim_{session id}</c>, and creating it again returns the same checkout,
/// as the contract of <see cref="IPaymentGateway.CreateCheckoutAsync"/> asks for retries.
/// </remarks>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    /// <summary>The prefix of every checkout reference.</summary>
    public const string ReferencePrefix = "cs_sim_";

    private readonly IClock _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<PaymentSessionId, SimulatedCheckout> _checkouts = [];
    private readonly List<SimulatedCheckout> _created = [];
    private readonly FailureCountdown _failures = new();
    private int _createCalls;

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

    private PaymentEvent BuildEvent(PaymentSessionId sessionId, PaymentEventKind kind, bool paid, Money? amount)
    {
        var checkout = FindCheckout(sessionId)
            ?? throw new InvalidOperationException(
                $"The simulated gateway created no checkout for payment session '{sessionId}'; call CreateCheckoutAsync for it first.");
        return new PaymentEvent
        {
            EventId = "evt_sim_" + Guid.CreateVersion7().ToString("N"),
            Kind = kind,
            SessionId = sessionId,
            ProviderReference = checkout.ProviderReference,
            IsPaid = paid,
            AmountPaid = amount ?? checkout.Amount,
            OccurredAt = _clock.GetCurrentInstant(),
        };
    }
}
