namespace InterviewBooking.Stress;

// Decorators over one host instance's stores and services: transient faults at the configured rate, and the ids handed out go to the ledger.

internal sealed class InstrumentedReservationStore(IReservationStore inner, FaultInjector faults, Ledger ledger) : IReservationStore
{
    public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.hold", () => inner.TryHoldAsync(request, cancellationToken), observe: result =>
        {
            if (result.Reservation is { } held)
            {
                ledger.Reservation(held.Id);
            }
        });

    public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.get", () => inner.GetAsync(id, cancellationToken), write: false);

    public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.confirm", () => inner.TryConfirmAsync(id, owner, cancellationToken));

    public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.release", () => inner.TryReleaseAsync(id, owner, cancellationToken));

    public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.cancel", () => inner.TryCancelAsync(id, owner, cancellationToken));

    public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.history", () => inner.GetHistoryAsync(id, cancellationToken), write: false);

    public Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.active", () => inner.GetActiveAsync(interviewerIds, window, cancellationToken), write: false);

    // The match's read: the store's own, so the stress run goes through the PostgreSQL store's narrow read rather than the interface default.
    public Task<IReadOnlyList<ReservedSlot>> GetActiveSlotsAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default) =>
        faults.RunAsync("reservations.active", () => inner.GetActiveSlotsAsync(interviewerIds, window, cancellationToken), write: false);
}

internal sealed class InstrumentedPaymentSessionStore(IPaymentSessionStore inner, FaultInjector faults, Ledger ledger) : IPaymentSessionStore
{
    public Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.create", () => inner.CreateAsync(session, cancellationToken), observe: created => ledger.Session(created.Id));

    public Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.get", () => inner.GetAsync(id, cancellationToken), write: false);

    public Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.find_by_key", () => inner.FindByIdempotencyKeyAsync(candidateId, idempotencyKey, cancellationToken), write: false);

    public Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.attach", () => inner.TryAttachCheckoutAsync(id, providerReference, checkoutUrl, cancellationToken));

    public Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.transition", () => inner.TryTransitionAsync(transition, cancellationToken));

    public Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.history", () => inner.GetHistoryAsync(id, cancellationToken), write: false);

    public Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(
        PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default) =>
        faults.RunAsync("sessions.list", () => inner.ListByStatusAsync(status, changedBefore, maxItems, cancellationToken), write: false);
}

internal sealed class InstrumentedPaymentEventInbox(IPaymentEventInbox inner, FaultInjector faults) : IPaymentEventInbox
{
    public Task<ProcessedPaymentEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default) =>
        faults.RunAsync("inbox.find", () => inner.FindAsync(eventId, cancellationToken), write: false);

    public Task<bool> TryRecordAsync(ProcessedPaymentEvent processed, CancellationToken cancellationToken = default) =>
        faults.RunAsync("inbox.record", () => inner.TryRecordAsync(processed, cancellationToken));
}

internal sealed class InstrumentedCouponRedemptionStore(ICouponRedemptionStore inner, FaultInjector faults) : ICouponRedemptionStore
{
    public Task<int> GetRedemptionCountAsync(string couponCode, CancellationToken cancellationToken = default) =>
        faults.RunAsync("coupons.count", () => inner.GetRedemptionCountAsync(couponCode, cancellationToken), write: false);

    public Task<CouponRedemptionOutcome> TryRedeemAsync(string couponCode, PaymentSessionId sessionId, int? usageLimit, CancellationToken cancellationToken = default) =>
        faults.RunAsync("coupons.redeem", () => inner.TryRedeemAsync(couponCode, sessionId, usageLimit, cancellationToken));
}

internal sealed class InstrumentedInterviewStore(IInterviewStore inner, FaultInjector faults, Ledger ledger) : IInterviewStore
{
    public Task<ScheduledInterview> AddOrGetAsync(ScheduledInterview interview, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.add", () => inner.AddOrGetAsync(interview, cancellationToken), observe: stored => ledger.Interview(stored.Id));

    public Task<ScheduledInterview?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.find", () => inner.FindByKeyAsync(idempotencyKey, cancellationToken), write: false);

    public Task<ScheduledInterview?> GetAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.get", () => inner.GetAsync(id, cancellationToken), write: false);

    public Task<(bool Updated, ScheduledInterview? Current)> TryUpdateAsync(ScheduledInterview interview, int expectedSequence, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.update", () => inner.TryUpdateAsync(interview, expectedSequence, cancellationToken));

    public Task<InterviewUpdateResult> TryTransitionAsync(InterviewTransition transition, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.transition", () => inner.TryTransitionAsync(transition, cancellationToken));

    public Task<IReadOnlyList<InterviewStatusChange>> GetHistoryAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.history", () => inner.GetHistoryAsync(id, cancellationToken), write: false);

    public Task<IReadOnlyDictionary<InterviewerId, InterviewerReliability>> GetReliabilityAsync(
        IReadOnlyCollection<InterviewerId> interviewerIds, CancellationToken cancellationToken = default) =>
        faults.RunAsync("interviews.reliability", () => inner.GetReliabilityAsync(interviewerIds, cancellationToken), write: false);
}

/// <summary>The one-step booking completion failing before it writes, or after (written, but the answer is lost).</summary>
internal sealed class InstrumentedBookingCompletionStore(IBookingCompletionStore inner, FaultInjector faults, Ledger ledger) : IBookingCompletionStore
{
    public Task<BookingCompletionResult> TryCompleteAsync(BookingCompletion completion, CancellationToken cancellationToken = default) =>
        faults.RunAsync("completions.complete", () => inner.TryCompleteAsync(completion, cancellationToken), observe: result =>
        {
            if (result.Outcome == BookingCompletionOutcome.Completed)
            {
                ledger.OneStepBooking(completion.Interview.Id);
            }
        });
}

/// <summary>The scheduler (a calendar or video API, say) failing before it creates the interview, or after (created, but the answer is lost).</summary>
internal sealed class InstrumentedScheduler(IInterviewScheduler inner, FaultInjector faults) : IInterviewScheduler
{
    public Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default) =>
        faults.RunAsync("scheduler.schedule", () => inner.ScheduleAsync(request, cancellationToken));

    public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
        faults.RunAsync("scheduler.reschedule", () => inner.RescheduleAsync(id, slot, reservationId, cancellationToken));

    public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        faults.RunAsync("scheduler.cancel", () => inner.CancelAsync(id, cancellationToken));

    public Task<ScheduledInterview> CancelByAsync(InterviewId id, InterviewParty canceledBy, bool isLate, string? reason, CancellationToken cancellationToken = default) =>
        faults.RunAsync("scheduler.cancel", () => inner.CancelByAsync(id, canceledBy, isLate, reason, cancellationToken));
}

/// <summary>
/// The notifier (an SMTP server, say) failing before it sends, or after (sent, but the answer is lost: the worker sends again, with the same
/// message id); and the place an armed <see cref="KillSwitch"/> kills the instance in the middle of a delivery.
/// </summary>
internal sealed class InstrumentedNotifier(IBookingNotifier inner, FaultInjector faults, KillSwitch kill) : IBookingNotifier
{
    public async Task NotifyAsync(BookingNotification notification, CancellationToken cancellationToken = default)
    {
        var dies = kill.Strike();
        if (dies == KillPoint.BeforeEffect)
        {
            throw kill.Killed();
        }

        await faults.RunAsync("notifier.notify", () => inner.NotifyAsync(notification, cancellationToken));
        if (dies == KillPoint.AfterEffect)
        {
            throw kill.Killed();
        }
    }
}

/// <summary>The outbox as one instance's worker sees it: transient faults, and nothing at all once the instance was killed (no lease is ended).</summary>
internal sealed class InstrumentedOutboxStore(IOutboxStore inner, FaultInjector faults, KillSwitch kill) : IOutboxStore
{
    public Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        Run("outbox.enqueue", () => inner.EnqueueAsync(message, cancellationToken));

    public Task<IReadOnlyList<OutboxItem>> LeaseAsync(int maxItems, Duration leaseDuration, CancellationToken cancellationToken = default) =>
        Run("outbox.lease", () => inner.LeaseAsync(maxItems, leaseDuration, cancellationToken));

    public Task<bool> CompleteAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default) =>
        Run("outbox.complete", () => inner.CompleteAsync(key, leaseToken, cancellationToken));

    public Task<bool> RetryLaterAsync(string key, Guid leaseToken, string lastError, Instant nextAttemptAt, CancellationToken cancellationToken = default) =>
        Run("outbox.retry", () => inner.RetryLaterAsync(key, leaseToken, lastError, nextAttemptAt, cancellationToken));

    public Task<bool> DeadLetterAsync(string key, Guid leaseToken, string lastError, CancellationToken cancellationToken = default) =>
        Run("outbox.deadletter", () => inner.DeadLetterAsync(key, leaseToken, lastError, cancellationToken));

    public Task<bool> ReturnLeaseAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default) =>
        Run("outbox.return", () => inner.ReturnLeaseAsync(key, leaseToken, cancellationToken));

    public Task<OutboxItem?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        faults.RunAsync("outbox.get", () => inner.GetAsync(key, cancellationToken), write: false);

    public Task<IReadOnlyList<OutboxItem>> ListBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default) =>
        faults.RunAsync("outbox.list", () => inner.ListBySessionAsync(sessionId, cancellationToken), write: false);

    public Task<IReadOnlyList<OutboxItem>> ListDeadLetteredAsync(int maxItems, CancellationToken cancellationToken = default) =>
        faults.RunAsync("outbox.deadlettered", () => inner.ListDeadLetteredAsync(maxItems, cancellationToken), write: false);

    public Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        faults.RunAsync("outbox.backlog", () => inner.GetBacklogAsync(cancellationToken), write: false);

    private Task<T> Run<T>(string site, Func<Task<T>> call) => kill.IsDead ? throw kill.Killed() : faults.RunAsync(site, call);
}

/// <summary>Where an armed kill strikes: before the notifier's effect, or after it (sent, never completed).</summary>
internal enum KillPoint
{
    None,
    BeforeEffect,
    AfterEffect,
}

/// <summary>Raised in an instance that was killed: what the process would never get to do.</summary>
internal sealed class InstanceKilledException(string message) : Exception(message);

/// <summary>
/// Kills one host instance in the middle of a delivery: once armed, the next notification its worker hands to the notifier is the last thing
/// the instance does (before or after the notifier's effect). From then on its outbox calls fail, so its leases are neither ended nor returned.
/// </summary>
internal sealed class KillSwitch
{
    private int _armed;
    private int _dead;

    public bool IsDead => Volatile.Read(ref _dead) == 1;

    public void Arm(KillPoint point) => Volatile.Write(ref _armed, (int)point);

    /// <summary>Where this call dies, if the switch was armed (it fires once).</summary>
    public KillPoint Strike()
    {
        if (IsDead)
        {
            return KillPoint.BeforeEffect;
        }

        var point = (KillPoint)Interlocked.Exchange(ref _armed, (int)KillPoint.None);
        if (point != KillPoint.None)
        {
            Volatile.Write(ref _dead, 1);
        }

        return point;
    }

    public InstanceKilledException Killed() => new("The instance was killed in the middle of a delivery.");
}

/// <summary>Counts matcher calls, and those made after the candidate paid or while a payment webhook is handled (both must be zero).</summary>
internal sealed class CountingMatcher(IInterviewerMatcher inner, PaymentWatch watch) : IInterviewerMatcher
{
    public ValueTask<MatchResult> MatchAsync(InterviewRequest request, int maxResults, CancellationToken cancellationToken = default)
    {
        watch.MatcherCalled(request.CandidateId);
        return inner.MatchAsync(request, maxResults, cancellationToken);
    }
}
