using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Records the payout an interview outcome decides: a completed interview is owed its rate, due after the hold-back (a refunded one is
/// recorded canceled, so it never pays); an interviewer no-show cancels it. Idempotent: the store keeps one payout per interview, and the
/// payment message is keyed by interview.
/// </summary>
internal sealed class InterviewOutcomeOutboxHandler : IOutboxHandler
{
    private readonly IPayoutStore _payouts;
    private readonly IPaymentSessionStore _sessions;
    private readonly IOutboxStore _outbox;
    private readonly IOptionsMonitor<PayoutOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly bool _completed;

    private InterviewOutcomeOutboxHandler(
        bool completed, IPayoutStore payouts, IPaymentSessionStore sessions, IOutboxStore outbox, IOptionsMonitor<PayoutOptions> options, IClock clock, ILogger? logger)
    {
        _completed = completed;
        _payouts = payouts;
        _sessions = sessions;
        _outbox = outbox;
        _options = options;
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Kind => _completed ? OutboxKinds.InterviewCompleted : OutboxKinds.InterviewInterviewerNoShow;

    /// <summary>The handler of <see cref="OutboxKinds.InterviewCompleted"/>.</summary>
    public static InterviewOutcomeOutboxHandler Completed(
        IPayoutStore payouts, IPaymentSessionStore sessions, IOutboxStore outbox, IOptionsMonitor<PayoutOptions> options, IClock clock,
        ILogger<InterviewOutcomeOutboxHandler>? logger = null) =>
        new(true, payouts, sessions, outbox, options, clock, logger);

    /// <summary>The handler of <see cref="OutboxKinds.InterviewInterviewerNoShow"/>.</summary>
    public static InterviewOutcomeOutboxHandler InterviewerNoShow(
        IPayoutStore payouts, IPaymentSessionStore sessions, IOutboxStore outbox, IOptionsMonitor<PayoutOptions> options, IClock clock,
        ILogger<InterviewOutcomeOutboxHandler>? logger = null) =>
        new(false, payouts, sessions, outbox, options, clock, logger);

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var outcome = InterviewOutcomeMessage.Read(item.Message);
        var session = await _sessions.GetAsync(outcome.SessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"Outbox item '{item.Message.Key}' names payment session '{outcome.SessionId}', which does not exist.", isPermanent: true);
        var options = _options.CurrentValue;
        var amount = PayoutRules.Amount(options, outcome.PlanId, outcome.AddOnIds);
        string? canceledBecause = _completed ? PayoutRules.RefundedBecause(session) : "the interviewer did not show";
        if (amount is null)
        {
            if (canceledBecause is null)
            {
                throw new OutboxDeliveryException($"Outbox item '{item.Message.Key}': plan '{outcome.PlanId}' has no payout rate (PayoutOptions.Plans).", isPermanent: true);
            }

            amount = new Money(0, options.Currency); // never paid: the amount only documents the ledger row
        }

        var now = _clock.GetCurrentInstant();
        var stored = await _payouts.AddOrGetAsync(
            new Payout
            {
                InterviewId = outcome.InterviewId,
                SessionId = outcome.SessionId,
                InterviewerId = outcome.InterviewerId,
                PlanId = outcome.PlanId,
                Amount = amount.Value,
                Status = canceledBecause is null ? PayoutStatus.Pending : PayoutStatus.Canceled,
                StatusReason = canceledBecause,
                CompletedAt = outcome.CompletedAt,
                DueAt = outcome.CompletedAt + options.HoldBack,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        PayoutLog.Recorded(_logger, stored.InterviewId, stored.Amount, stored.InterviewerId, stored.Status, stored.DueAt);

        if (!_completed && stored.Status is PayoutStatus.Pending or PayoutStatus.Held)
        {
            // Recorded pending by an earlier completion message: the no-show wins, the payout is never paid.
            var canceled = await _payouts.TryTransitionAsync(
                new PayoutTransition(stored.InterviewId, stored.Status, PayoutStatus.Canceled, now) { ExpectedVersion = stored.Version, Reason = canceledBecause },
                cancellationToken).ConfigureAwait(false);
            if (!canceled.Succeeded)
            {
                throw new OutboxDeliveryException($"The payout of interview '{stored.InterviewId}' changed while it was canceled; tried again.");
            }

            InterviewBookingTelemetry.RecordPayout("canceled");
            PayoutLog.Canceled(_logger, stored.InterviewId, canceledBecause!);
            return;
        }

        if (stored.Status == PayoutStatus.Pending)
        {
            await _outbox.EnqueueAsync(PayoutMessages.Pay(stored), cancellationToken).ConfigureAwait(false);
        }
    }
}
