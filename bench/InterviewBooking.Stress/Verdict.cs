using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;

namespace InterviewBooking.Stress;

/// <summary>One invariant: its name, what it counts, how many violations the final state shows, and a few of them.</summary>
internal sealed record InvariantCount(string Name, string Meaning, int Violations, IReadOnlyList<string> Examples);

/// <summary>
/// The verdict, read from the stores' final state (every session, its audit trail, every reservation and its audit trail, every interview)
/// and from the fake Stripe's (checkouts, payments, refunds), never from what the simulation believes it did.
/// </summary>
internal sealed class Verdict
{
    public required IReadOnlyList<InvariantCount> Invariants { get; init; }

    public required IReadOnlyDictionary<string, int> SessionsByStatus { get; init; }

    public required IReadOnlyDictionary<string, int> ReservationsByStatus { get; init; }

    public required int Sessions { get; init; }

    public required int Interviews { get; init; }

    public required int RefundsRequired { get; init; }

    /// <summary>Sessions Refunded (by the outbox worker, from a refund Stripe holds).</summary>
    public required int RefundsIssued { get; init; }

    public required int RemindersDelivered { get; init; }

    public required int FeedbackRequestsDelivered { get; init; }

    public required int Rebooked { get; init; }

    /// <summary>Interviews by lifecycle status.</summary>
    public required IReadOnlyDictionary<string, int> InterviewsByStatus { get; init; }

    /// <summary>Sessions rebooked for free with another interviewer (linked to their original).</summary>
    public required int FreeRebookings { get; init; }

    public required int SlotsLostAfterPayment { get; init; }

    public required int CouponRedemptions { get; init; }

    /// <summary>Notifications delivered more than once with the same message id (at least once, so expected now and then): the extra deliveries.</summary>
    public required int NotificationsDuplicated { get; init; }

    /// <summary>Notifications delivered, duplicates included.</summary>
    public required int NotificationsDelivered { get; init; }

    public required IReadOnlyDictionary<string, int> OutboxByStatus { get; init; }

    /// <summary>Payouts recorded, by status.</summary>
    public required IReadOnlyDictionary<string, int> PayoutsByStatus { get; init; }

    /// <summary>Transfers and transfer reversals Stripe holds.</summary>
    public required int Transfers { get; init; }

    public required int TransferReversals { get; init; }

    /// <summary>Pending sessions with no checkout at Stripe: a start that failed after the session was stored; nobody can pay them.</summary>
    public required int PendingWithoutCheckout { get; init; }

    /// <summary>Pending sessions that do have a checkout at Stripe (it must have expired and said so; expected 0).</summary>
    public required int PendingWithCheckout { get; init; }

    /// <summary>What the closing retention passes removed (rows of every kind, and sessions among them), when the store set has retention.</summary>
    public (int Rows, int Sessions, int SessionsKeptReachable)? Retention { get; init; }

    public int Booked => SessionsByStatus.GetValueOrDefault(nameof(PaymentSessionStatus.Booked));

    public int TotalViolations => Invariants.Sum(i => i.Violations);

    public static async Task<Verdict> ReadAsync(
        StoreSet stores, Ledger ledger, Marketplace market, FakeStripeApi stripe, IClock clock, PaymentWatch watch,
        SimulationFigures figures, IReadOnlyList<BookingNotification> delivered,
        IReadOnlyDictionary<InterviewerId, InterviewerProfile> directoryEdits, IReadOnlyList<(string Name, IIndexedInterviewerDirectory Directory)> directories,
        CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();

        // Sessions and their audit trails.
        var sessions = new Dictionary<PaymentSessionId, PaymentSession>();
        var histories = new Dictionary<PaymentSessionId, IReadOnlyList<PaymentSessionStatusChange>>();
        foreach (var id in ledger.Sessions)
        {
            if (await stores.Sessions.GetAsync(id, cancellationToken) is { } session)
            {
                sessions[id] = session;
                histories[id] = await stores.Sessions.GetHistoryAsync(id, cancellationToken);
            }
        }

        // Reservations: every one held, plus whatever the store reports active, with their audit trails.
        var reservations = new Dictionary<ReservationId, Reservation>();
        var active = await stores.Reservations.GetActiveAsync([.. market.Interviewers.Select(i => i.Id)], new Interval(null, null), cancellationToken);
        foreach (var reservation in active)
        {
            reservations[reservation.Id] = reservation;
        }

        foreach (var id in ledger.Reservations.Concat(sessions.Values.Select(s => s.ReservationId).OfType<ReservationId>()))
        {
            if (!reservations.ContainsKey(id) && await stores.Reservations.GetAsync(id, cancellationToken) is { } reservation)
            {
                reservations[id] = reservation;
            }
        }

        var reservationHistories = new Dictionary<ReservationId, IReadOnlyList<ReservationStatusChange>>();
        foreach (var id in reservations.Keys)
        {
            reservationHistories[id] = await stores.Reservations.GetHistoryAsync(id, cancellationToken);
        }

        // Interviews: every one stored, and whatever the store holds under each session's key.
        var interviews = new Dictionary<InterviewId, ScheduledInterview>();
        foreach (var id in ledger.Interviews)
        {
            if (await stores.Interviews.GetAsync(id, cancellationToken) is { } interview)
            {
                interviews[id] = interview;
            }
        }

        foreach (var id in sessions.Keys)
        {
            if (await stores.Interviews.FindByKeyAsync(id.Value, cancellationToken) is { } interview)
            {
                interviews.TryAdd(interview.Id, interview);
            }
        }

        var checkouts = stripe.Checkouts.Where(c => c.ClientReferenceId is not null).ToDictionary(c => c.ClientReferenceId!, StringComparer.Ordinal);
        // Every delivery any instance's notifier made (a killed instance's included), by message id.
        var deliveries = delivered
            .GroupBy(n => n.MessageId ?? "(no message id)", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var outbox = new Dictionary<PaymentSessionId, IReadOnlyList<OutboxItem>>();
        foreach (var id in sessions.Keys)
        {
            outbox[id] = await stores.Outbox.ListBySessionAsync(id, cancellationToken);
        }

        // The audit trails of the interviews that ended after their start.
        var trails = new Dictionary<InterviewId, IReadOnlyList<InterviewStatusChange>>();
        foreach (var interview in interviews.Values.Where(i => i.Status is not (InterviewStatus.Scheduled or InterviewStatus.Canceled)))
        {
            trails[interview.Id] = await stores.Interviews.GetHistoryAsync(interview.Id, cancellationToken);
        }

        // Payouts: the payout of every booked interview, its audit trail, its session's disputes, and the transfers Stripe holds.
        var payouts = new Dictionary<PaymentSessionId, PayoutRecord>();
        foreach (var session in sessions.Values.Where(s => s.InterviewId is not null))
        {
            payouts[session.Id] = new PayoutRecord(
                await stores.Payouts.GetAsync(session.InterviewId!.Value, cancellationToken),
                await stores.Payouts.GetHistoryAsync(session.InterviewId!.Value, cancellationToken),
                await stores.Payouts.ListDisputesAsync(session.Id, cancellationToken));
        }

        var invariants = new List<InvariantCount>
        {
            DoubleBookings(reservations.Values, reservationHistories, now),
            BufferViolations(reservations.Values, reservationHistories, market, now),
            DailyCapViolations(reservations.Values, reservationHistories, market, now),
            DuplicateInterviews(interviews.Values),
            DuplicateIdempotentStarts(sessions.Values),
            PaidWithoutOutcome(sessions.Values, histories, interviews, checkouts),
            InterviewerSwitches(sessions.Values, interviews, reservations, checkouts),
            MatcherCallsAfterPayment(watch, sessions, interviews),
            StrandedReservations(reservations.Values, sessions, now),
            OrphanInterviews(interviews.Values, sessions),
            RefundsNotIssued(sessions.Values, stripe.Refunds),
            RemindersMissed(sessions.Values, histories, outbox, delivered, ReminderOffsets(market), now),
            AmountMismatches(sessions, checkouts),
            NotificationsLost(sessions.Values, histories, outbox, deliveries, interviews),
            RebookingViolations(sessions, interviews, checkouts),
            RebookedAndRefunded(sessions.Values, stripe.Refunds),
            LifecycleOutOfOrder(interviews.Values, trails, outbox, new InterviewBookingOptions().NoShowGracePeriod),
            PayoutsDuplicated(sessions.Values, payouts, stripe.Transfers),
            PayoutsForRefunded(sessions.Values, payouts, stripe.Transfers, stripe.TransferReversals),
            PayoutsMissing(sessions.Values, payouts, outbox, now),
        };

        var couponRedemptions = await stores.Coupons.GetRedemptionCountAsync(Marketplace.Coupon, cancellationToken);
        invariants.Add(new("couponOverRedemptions", "coupon redemptions above the coupon's usage limit", Math.Max(0, couponRedemptions - market.CouponLimit), []));
        invariants.Add(new("undeliveredEvents", $"events not answered 2xx within {Simulation.MaxDeliveryAttempts} deliveries", figures.UndeliveredEvents.Count, [.. figures.UndeliveredEvents.Take(5)]));
        invariants.AddRange(await DirectoryInvariantsAsync(stores.Directory?.Directory, directories, directoryEdits, market, cancellationToken));
        invariants.Add(new("harnessErrors", "unexpected failures of the harness itself", figures.HarnessErrors.Count, [.. figures.HarnessErrors.Take(3)]));

        (int, int, int)? retentionFigures = null;

        // Last, once everything above is read: retention passes with the stress ages, past them on the stress clock, then what went.
        if (stores.Retention is { } retention && clock is StressClock stressClock)
        {
            stressClock.Advance(RetentionAges.FinishedRowAge + Duration.FromDays(1));
            var purgeAt = clock.GetCurrentInstant();
            var reachable = StillReachable(sessions, outbox, payouts, interviews, RetentionAges, purgeAt);
            var removed = await PurgeConcurrentlyAsync(retention, stressClock, cancellationToken);
            var gone = new List<PaymentSessionId>();
            foreach (var id in sessions.Keys)
            {
                if (await stores.Sessions.GetAsync(id, cancellationToken) is null)
                {
                    gone.Add(id);
                }
            }

            invariants.Add(PurgedWhileReachable(reachable, gone, removed));
            retentionFigures = (removed, gone.Count, reachable.Count(id => !gone.Contains(id)));
        }

        return new Verdict
        {
            Invariants = invariants,
            Retention = retentionFigures,
            Sessions = sessions.Count,
            SessionsByStatus = new SortedDictionary<string, int>(
                sessions.Values.GroupBy(s => s.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            ReservationsByStatus = new SortedDictionary<string, int>(
                reservations.Values.GroupBy(r => Effective(r, now).ToString()).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            Interviews = interviews.Values.Count(i => i.Status == InterviewStatus.Scheduled),
            InterviewsByStatus = new SortedDictionary<string, int>(
                interviews.Values.GroupBy(i => i.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            FreeRebookings = sessions.Values.Count(s => s.RebookedFrom is not null),
            RefundsRequired = histories.Values.Count(h => h.Any(c => c.To == PaymentSessionStatus.RefundRequired)),
            RefundsIssued = sessions.Values.Count(s => s.Status == PaymentSessionStatus.Refunded),
            RemindersDelivered = delivered.Where(n => n.Kind == BookingNotificationKind.Reminder).Select(n => n.MessageId).Distinct(StringComparer.Ordinal).Count(),
            FeedbackRequestsDelivered = delivered.Where(n => n.Kind == BookingNotificationKind.FeedbackRequest).Select(n => n.MessageId).Distinct(StringComparer.Ordinal).Count(),
            Rebooked = sessions.Values.Count(s => s.Status == PaymentSessionStatus.Booked && s.ReservationId != FirstReservation(s, checkouts)),
            SlotsLostAfterPayment = histories.Values.Count(h => h.Any(c => c.To == PaymentSessionStatus.RefundRequired && c.Reason?.Contains("was taken", StringComparison.Ordinal) == true)),
            CouponRedemptions = couponRedemptions,
            NotificationsDuplicated = deliveries.Values.Sum(n => n - 1),
            NotificationsDelivered = deliveries.Values.Sum(),
            OutboxByStatus = new SortedDictionary<string, int>(
                outbox.Values.SelectMany(items => items).GroupBy(i => i.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            PayoutsByStatus = new SortedDictionary<string, int>(
                payouts.Values.Where(p => p.Payout is not null).GroupBy(p => p.Payout!.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            Transfers = stripe.Transfers.Count,
            TransferReversals = stripe.TransferReversals.Count,
            PendingWithoutCheckout = sessions.Values.Count(s => s.Status == PaymentSessionStatus.Pending && !checkouts.ContainsKey(s.Id.Value)),
            PendingWithCheckout = sessions.Values.Count(s => s.Status == PaymentSessionStatus.Pending && checkouts.ContainsKey(s.Id.Value)),
        };
    }

    /// <summary>
    /// Changes that owe both parties a notification (booked, flagged for refund, rescheduled, canceled; read from each session's audit trail)
    /// whose notification was not delivered once the outbox was drained: no outbox item of that kind, an item not completed (a dead-lettered
    /// one included), or a completed one whose message id no notifier ever received.
    /// </summary>
    internal static InvariantCount NotificationsLost(
        IEnumerable<PaymentSession> sessions,
        Dictionary<PaymentSessionId, IReadOnlyList<PaymentSessionStatusChange>> histories,
        Dictionary<PaymentSessionId, IReadOnlyList<OutboxItem>> outbox,
        Dictionary<string, int> deliveries,
        Dictionary<InterviewId, ScheduledInterview>? interviews = null)
    {
        var examples = new List<string>();
        foreach (var session in sessions)
        {
            var history = histories[session.Id];
            var owed = new List<(BookingNotificationKind Kind, int Count)>
            {
                (BookingNotificationKind.Booked, history.Count(h => h is { From: PaymentSessionStatus.Booking, To: PaymentSessionStatus.Booked })),
                (BookingNotificationKind.RefundRequired, history.Count(h => h.To == PaymentSessionStatus.RefundRequired)),
                (BookingNotificationKind.Rescheduled, history.Count(h => h is { From: PaymentSessionStatus.Booked, To: PaymentSessionStatus.Booked })),
                // A cancellation before the start tells both parties; a no-show after it ends the session without a notification.
                (BookingNotificationKind.Canceled, IsNoShow(session, interviews) ? 0 : history.Count(h => h is { From: PaymentSessionStatus.Booked, To: PaymentSessionStatus.BookingCanceled })),
            };
            var items = outbox.GetValueOrDefault(session.Id) ?? [];
            foreach (var (kind, count) in owed.Where(o => o.Count > 0))
            {
                var ofKind = items.Where(i => i.Message.Kind == OutboxKinds.Notification
                    && i.Message.Data.GetValueOrDefault(OutboxDataKeys.NotificationKind) == kind.ToString()).ToArray();
                var delivered = ofKind.Count(i => i.Status == OutboxItemStatus.Completed && deliveries.ContainsKey(i.Message.Key));
                if (delivered < count)
                {
                    var states = ofKind.Length == 0 ? "no outbox item" : string.Join(", ", ofKind.Select(i => $"{i.Status} after {i.Attempts} attempt(s) {i.LastError}"));
                    examples.Add($"{session.Id}: {kind} x{count}, {delivered} delivered ({states})");
                }
            }
        }

        return new("notificationsLost", "booked, changed or refund-required sessions without their delivered notification once the outbox is drained (dead letters count)",
            examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>
    /// Interviews paid more than once: more than one transfer at Stripe naming the interview (whatever the store says), or more than one
    /// change to Paid in its payout's audit trail.
    /// </summary>
    internal static InvariantCount PayoutsDuplicated(
        IEnumerable<PaymentSession> sessions, Dictionary<PaymentSessionId, PayoutRecord> payouts, IReadOnlyList<FakeTransfer> transfers)
    {
        var byInterview = transfers.GroupBy(t => t.Metadata.GetValueOrDefault(StripeMetadataKeys.InterviewId) ?? "(none)", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var examples = new List<string>();
        foreach (var session in sessions.Where(s => s.InterviewId is not null))
        {
            var atStripe = byInterview.GetValueOrDefault(session.InterviewId!.Value.Value);
            var paidChanges = payouts.GetValueOrDefault(session.Id)?.History.Count(h => h.To == PayoutStatus.Paid) ?? 0;
            if (atStripe > 1 || paidChanges > 1)
            {
                examples.Add($"{session.InterviewId}: {atStripe} transfer(s) at Stripe, {paidChanges} change(s) to Paid");
            }
        }

        return new("payoutsDuplicated", "interviews paid out more than once (transfers at Stripe, or Paid twice in the audit trail)", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>
    /// Interviews whose money went back to the candidate (the session refunded, owed a refund, canceled with a refund, or a dispute lost) but
    /// whose interviewer keeps a payout: Paid in the store, or a transfer at Stripe that was not reversed in full.
    /// </summary>
    internal static InvariantCount PayoutsForRefunded(
        IEnumerable<PaymentSession> sessions, Dictionary<PaymentSessionId, PayoutRecord> payouts,
        IReadOnlyList<FakeTransfer> transfers, IReadOnlyList<FakeTransferReversal> reversals)
    {
        var reversed = reversals.GroupBy(r => r.TransferId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount), StringComparer.Ordinal);
        var kept = transfers.Where(t => reversed.GetValueOrDefault(t.Id) < t.Amount)
            .GroupBy(t => t.Metadata.GetValueOrDefault(StripeMetadataKeys.InterviewId) ?? "(none)", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var examples = new List<string>();
        foreach (var session in sessions.Where(s => s.InterviewId is not null))
        {
            var record = payouts.GetValueOrDefault(session.Id);
            var refunded = session.Status is PaymentSessionStatus.Refunded or PaymentSessionStatus.RefundRequired
                || session.IssuedRefund is not null
                || session is { Status: PaymentSessionStatus.BookingCanceled, Refund.Amount.MinorUnits: > 0 }
                || record?.Disputes.Any(d => d.Status == DisputeStatus.Lost) == true;
            var keptAtStripe = kept.GetValueOrDefault(session.InterviewId!.Value.Value);
            if (refunded && (record?.Payout?.Status == PayoutStatus.Paid || keptAtStripe > 0))
            {
                examples.Add($"{session.InterviewId}: session {session.Status}, disputes {string.Join(",", record?.Disputes.Select(d => d.Status) ?? [])}, payout {record?.Payout?.Status}, {keptAtStripe} transfer(s) kept");
            }
        }

        return new("payoutsForRefunded", "refunded or chargeback-lost interviews whose interviewer keeps a payout (Paid, or a transfer not reversed)", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>
    /// Interviews reported completed (an <see cref="OutboxKinds.InterviewCompleted"/> item of their session), never disputed, not refunded, and
    /// past their hold-back, that have no Paid payout once the outbox is drained.
    /// </summary>
    internal static InvariantCount PayoutsMissing(
        IEnumerable<PaymentSession> sessions, Dictionary<PaymentSessionId, PayoutRecord> payouts,
        Dictionary<PaymentSessionId, IReadOnlyList<OutboxItem>> outbox, Instant now)
    {
        var examples = new List<string>();
        foreach (var session in sessions.Where(s => s is { Status: PaymentSessionStatus.Booked, InterviewId: not null, IssuedRefund: null }))
        {
            var items = outbox.GetValueOrDefault(session.Id) ?? [];
            var completed = items.FirstOrDefault(i => i.Message.Kind == OutboxKinds.InterviewCompleted);
            var absent = items.Any(i => i.Message.Kind == OutboxKinds.InterviewInterviewerNoShow);
            var record = payouts.GetValueOrDefault(session.Id);
            if (completed is null || absent || record?.Disputes.Count > 0)
            {
                continue;
            }

            var due = record?.Payout?.DueAt ?? (session.Slot?.End ?? now) + Marketplace.PayoutHoldBack;
            if (due <= now && record?.Payout?.Status != PayoutStatus.Paid)
            {
                var pay = items.Where(i => i.Message.Kind is OutboxKinds.Payout).Select(i => $"{i.Message.Key} {i.Status} after {i.Attempts} attempt(s) {i.LastError}");
                examples.Add($"{session.InterviewId}: completion {completed.Status} {completed.LastError}, payout {record?.Payout?.Status.ToString() ?? "none"}; {string.Join("; ", pay)}");
            }
        }

        return new("payoutsMissing", "completed, undisputed, unrefunded interviews past their hold-back without a Paid payout once drained", examples.Count, [.. examples.Take(5)]);
    }

    private static ReservationId? FirstReservation(PaymentSession session, Dictionary<string, FakeCheckout> checkouts) =>
        checkouts.TryGetValue(session.Id.Value, out var checkout) && checkout.Metadata.TryGetValue(StripeMetadataKeys.ReservationId, out var id)
            ? new ReservationId(id)
            : null;

    /// <summary>A hold whose time ran out counts as expired, however lazily the store records it.</summary>
    /// <summary>The ages the stress run's retention passes use: the shortest allowed (Stripe's retry window), so a run of days reaches them.</summary>
    internal static RetentionOptions RetentionAges { get; } = new()
    {
        FinishedRowAge = RetentionOptions.ProviderRetryWindow,
        PaymentEventInboxAge = RetentionOptions.ProviderRetryWindow,
        DisputeWindow = RetentionOptions.ProviderRetryWindow,
        BatchSize = 50,
    };

    /// <summary>
    /// The sessions something could still reach at <paramref name="now"/>, judged from the state read (independently of the stores'
    /// retention rules): a status that still owes something, a refund decided and not issued, an undelivered outbox item, a payout not
    /// final or a dispute open, an interview not ended (or ended within the age), a last change within the age (or, once paid, within the
    /// dispute window), and either side of a rebooking whose other side is reachable.
    /// </summary>
    internal static HashSet<PaymentSessionId> StillReachable(
        IReadOnlyDictionary<PaymentSessionId, PaymentSession> sessions,
        IReadOnlyDictionary<PaymentSessionId, IReadOnlyList<OutboxItem>> outbox,
        IReadOnlyDictionary<PaymentSessionId, PayoutRecord> payouts,
        IReadOnlyDictionary<InterviewId, ScheduledInterview> interviews,
        RetentionOptions ages,
        Instant now)
    {
        var byKey = interviews.Values.GroupBy(i => i.Request.IdempotencyKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var reachable = new HashSet<PaymentSessionId>();
        foreach (var session in sessions.Values)
        {
            var lastChange = session.UpdatedAt > session.CreatedAt ? session.UpdatedAt : session.CreatedAt;
            var neverPaid = session.Status is PaymentSessionStatus.Expired or PaymentSessionStatus.Canceled or PaymentSessionStatus.Failed;
            var settledStatus = neverPaid
                || session.Status is PaymentSessionStatus.Refunded or PaymentSessionStatus.Booked or PaymentSessionStatus.Rebooked
                || (session.Status == PaymentSessionStatus.BookingCanceled && (session.Refund?.Amount.MinorUnits ?? 0) == 0);
            var interview = (session.InterviewId is { } interviewId ? interviews.GetValueOrDefault(interviewId) : null) ?? byKey.GetValueOrDefault(session.Id.Value);
            var payout = payouts.GetValueOrDefault(session.Id);
            var held = !settledStatus
                || lastChange >= now - ages.FinishedRowAge
                || (!neverPaid && lastChange >= now - ages.DisputeWindow)
                || outbox.GetValueOrDefault(session.Id, []).Any(i => i.Status is OutboxItemStatus.Pending or OutboxItemStatus.Leased)
                || payout?.Payout is { Status: PayoutStatus.Pending or PayoutStatus.Held }
                || (payout?.Disputes.Any(d => d.Status == DisputeStatus.Open) ?? false)
                || (interview is not null && (interview.Status == InterviewStatus.Scheduled || interview.EndedAt is not { } ended || ended >= now - ages.FinishedRowAge))
                || (interview is null && session.Status == PaymentSessionStatus.Booked);
            if (held)
            {
                reachable.Add(session.Id);
            }
        }

        // A rebooking chain goes as a whole: spread reachability along its links until nothing changes.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var session in sessions.Values.Where(s => !reachable.Contains(s.Id)))
            {
                var rebooking = session.Status == PaymentSessionStatus.Rebooked ? RebookingService.RebookedSessionId(session.Id) : (PaymentSessionId?)null;
                if ((rebooking is { } next && (!sessions.ContainsKey(next) || reachable.Contains(next)))
                    || (session.RebookedFrom is { } from && reachable.Contains(from)))
                {
                    changed |= reachable.Add(session.Id);
                }
            }
        }

        return reachable;
    }

    /// <summary>Sessions retention removed although something could still reach them (a dispute, a refund, a payout, a message, a report).</summary>
    internal static InvariantCount PurgedWhileReachable(IReadOnlySet<PaymentSessionId> reachable, IReadOnlyCollection<PaymentSessionId> gone, int removed)
    {
        var wrong = gone.Where(reachable.Contains).Select(id => id.Value).ToList();
        return new("purgedWhileReachable", $"sessions retention removed while a dispute, refund, payout, message or report could still reach them ({removed} rows removed in all)", wrong.Count, [.. wrong.Take(5)]);
    }

    // Two passes at once (as two instances' workers), each to completion.
    private static async Task<int> PurgeConcurrentlyAsync(IRetentionStore retention, IClock clock, CancellationToken cancellationToken)
    {
        var monitor = new FixedRetentionOptions(RetentionAges);
        var passes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var purger = new RetentionPurger(retention, monitor, clock);
            var total = 0;
            RetentionPassResult pass;
            do
            {
                pass = await purger.PurgeAsync(cancellationToken);
                total += pass.Total;
            }
            while (!pass.Complete);
            return total;
        }, cancellationToken)));
        return passes.Sum();
    }

    private sealed class FixedRetentionOptions(RetentionOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<RetentionOptions>
    {
        public RetentionOptions CurrentValue => value;

        public RetentionOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RetentionOptions, string?> listener) => null;
    }

    private static ReservationStatus Effective(Reservation reservation, Instant now) =>
        reservation.Status == ReservationStatus.Held && reservation.HeldUntil <= now ? ReservationStatus.Expired : reservation.Status;

    /// <summary>
    /// Pairs of one interviewer's reservations whose slots overlap and that were active at the same moment: from each reservation's audit
    /// trail (active from its hold until it was released or expired, or until its hold ran out unless confirmed first), and at the end.
    /// </summary>
    private static InvariantCount DoubleBookings(
        IEnumerable<Reservation> reservations, Dictionary<ReservationId, IReadOnlyList<ReservationStatusChange>> histories, Instant now)
    {
        var pairs = new List<string>();
        foreach (var book in reservations.GroupBy(r => r.InterviewerId))
        {
            var sorted = book.OrderBy(r => r.Slot.Start).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                var (aFrom, aTo) = ActivePeriod(sorted[i], histories[sorted[i].Id]);
                for (var j = i + 1; j < sorted.Length && sorted[j].Slot.Start < sorted[i].Slot.End; j++)
                {
                    var (bFrom, bTo) = ActivePeriod(sorted[j], histories[sorted[j].Id]);
                    var everTogether = aFrom < (bTo ?? Instant.MaxValue) && bFrom < (aTo ?? Instant.MaxValue);
                    var togetherNow = sorted[i].IsActiveAt(now) && sorted[j].IsActiveAt(now);
                    if (everTogether || togetherNow)
                    {
                        pairs.Add($"{book.Key}: {sorted[i].Id} ({sorted[i].Owner}) and {sorted[j].Id} ({sorted[j].Owner}) over {sorted[i].Slot}");
                    }
                }
            }
        }

        return new("doubleBookings", "pairs of one interviewer's overlapping reservations active at the same time", pairs.Count, [.. pairs.Take(5)]);
    }

    /// <summary>
    /// Pairs of one interviewer's reservations that do not overlap but sit inside the interviewer's buffers (the marketplace's profile, not
    /// what the store recorded: each occupies its slot widened by the buffers, and the spans overlap) and were active at the same moment.
    /// </summary>
    internal static InvariantCount BufferViolations(
        IEnumerable<Reservation> reservations, Dictionary<ReservationId, IReadOnlyList<ReservationStatusChange>> histories, Marketplace market, Instant now)
    {
        var profiles = market.Interviewers.ToDictionary(i => i.Id);
        var pairs = new List<string>();
        foreach (var book in reservations.GroupBy(r => r.InterviewerId))
        {
            if (!profiles.TryGetValue(book.Key, out var profile))
            {
                continue;
            }

            var reach = profile.BufferBefore + profile.BufferAfter;
            var sorted = book.OrderBy(r => r.Slot.Start).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                var (aFrom, aTo) = ActivePeriod(sorted[i], histories[sorted[i].Id]);
                for (var j = i + 1; j < sorted.Length && sorted[j].Slot.Start < sorted[i].Slot.End + reach; j++)
                {
                    if (Reservation.Overlaps(sorted[i].Slot, sorted[j].Slot))
                    {
                        continue; // a double booking, counted there
                    }

                    var (bFrom, bTo) = ActivePeriod(sorted[j], histories[sorted[j].Id]);
                    var everTogether = aFrom < (bTo ?? Instant.MaxValue) && bFrom < (aTo ?? Instant.MaxValue);
                    if (everTogether || (sorted[i].IsActiveAt(now) && sorted[j].IsActiveAt(now)))
                    {
                        pairs.Add($"{book.Key}: {sorted[i].Id} over {sorted[i].Slot} and {sorted[j].Id} over {sorted[j].Slot}, buffers {profile.BufferBefore}/{profile.BufferAfter}");
                    }
                }
            }
        }

        return new("bufferViolations", "pairs of one interviewer's reservations inside each other's buffers, active at the same time", pairs.Count, [.. pairs.Take(5)]);
    }

    /// <summary>
    /// Reservations over an interviewer's daily cap: per interviewer and local day (in the profile's zone, by the local date a slot starts
    /// on), the most reservations starting that day active at one moment, less the cap.
    /// </summary>
    internal static InvariantCount DailyCapViolations(
        IEnumerable<Reservation> reservations, Dictionary<ReservationId, IReadOnlyList<ReservationStatusChange>> histories, Marketplace market, Instant now)
    {
        var profiles = market.Interviewers.ToDictionary(i => i.Id);
        var over = 0;
        var examples = new List<string>();
        foreach (var day in reservations.Where(r => profiles.ContainsKey(r.InterviewerId))
                     .GroupBy(r => (r.InterviewerId, Date: r.Slot.Start.InZone(profiles[r.InterviewerId].TimeZone).Date)))
        {
            var cap = profiles[day.Key.InterviewerId].MaxInterviewsPerDay;

            // Sweep the active periods; one still active now runs on for ever. An end sorts before a start at the same instant.
            var edges = day.SelectMany(r =>
            {
                var (from, to) = ActivePeriod(r, histories[r.Id]);
                var end = r.IsActiveAt(now) ? Instant.MaxValue : to ?? Instant.MaxValue;
                return from < end ? new[] { (At: from, Step: 1), (At: end, Step: -1) } : [];
            }).OrderBy(e => e.At).ThenBy(e => e.Step);
            int active = 0, most = 0;
            foreach (var (_, step) in edges)
            {
                active += step;
                most = Math.Max(most, active);
            }

            if (most > cap)
            {
                over += most - cap;
                examples.Add($"{day.Key.InterviewerId} on {day.Key.Date:uuuu-MM-dd}: {most} active at once, cap {cap}");
            }
        }

        return new("dailyCapViolations", "reservations above an interviewer's daily cap on one local day, active at the same time", over, [.. examples.Take(5)]);
    }

    private static (Instant From, Instant? To) ActivePeriod(Reservation reservation, IReadOnlyList<ReservationStatusChange> history)
    {
        var from = history.FirstOrDefault(h => h.From is null)?.At ?? reservation.CreatedAt;
        var ended = history.FirstOrDefault(h => h.To is ReservationStatus.Released or ReservationStatus.Expired)?.At;
        var confirmed = history.Any(h => h.To == ReservationStatus.Confirmed) || reservation.Status == ReservationStatus.Confirmed;
        if (confirmed)
        {
            return (from, ended);
        }

        return (from, ended is { } end && end < reservation.HeldUntil ? end : reservation.HeldUntil);
    }

    private static InvariantCount DuplicateInterviews(IEnumerable<ScheduledInterview> interviews)
    {
        var duplicated = interviews.GroupBy(i => i.Request.PaymentSessionId).Where(g => g.Count() > 1).ToArray();
        return new("duplicateInterviews", "interviews beyond the first for one payment session",
            duplicated.Sum(g => g.Count() - 1), [.. duplicated.Take(5).Select(g => $"{g.Key}: {g.Count()} interviews")]);
    }

    /// <summary>Sessions beyond the first that one candidate's start stored under one idempotency key (a double click must make one).</summary>
    private static InvariantCount DuplicateIdempotentStarts(IEnumerable<PaymentSession> sessions)
    {
        var duplicated = sessions.Where(s => s.IdempotencyKey is not null)
            .GroupBy(s => (s.CandidateId, s.IdempotencyKey))
            .Where(g => g.Count() > 1)
            .ToArray();
        return new("duplicateIdempotentStarts", "sessions beyond the first stored for one candidate's idempotency key",
            duplicated.Sum(g => g.Count() - 1), [.. duplicated.Take(5).Select(g => $"{g.Key.CandidateId} key {g.Key.IdempotencyKey}: {g.Count()} sessions")]);
    }

    /// <summary>Sessions paid (by their audit trail, or at Stripe) that are neither booked (with an interview) nor flagged for refund with a reason.</summary>
    private static InvariantCount PaidWithoutOutcome(
        IEnumerable<PaymentSession> sessions,
        Dictionary<PaymentSessionId, IReadOnlyList<PaymentSessionStatusChange>> histories,
        Dictionary<InterviewId, ScheduledInterview> interviews,
        Dictionary<string, FakeCheckout> checkouts)
    {
        var examples = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var all = sessions.ToArray();
        var rebookedInto = all.Select(s => s.RebookedFrom).OfType<PaymentSessionId>().ToHashSet();
        foreach (var session in all)
        {
            known.Add(session.Id.Value);
            var paidAtStripe = checkouts.TryGetValue(session.Id.Value, out var checkout) && checkout.PaymentStatus == "paid";
            var paid = paidAtStripe || histories[session.Id].Any(h => h.To == PaymentSessionStatus.Paid);
            var outcome = session.Status switch
            {
                PaymentSessionStatus.Booked => session.InterviewId is { } id && interviews.ContainsKey(id),
                PaymentSessionStatus.RefundRequired => !string.IsNullOrWhiteSpace(session.StatusReason),
                PaymentSessionStatus.Refunded => session.IssuedRefund is not null,
                // Ended (a cancellation or a no-show) with nothing owed by the policy; a refund owed is refundsNotIssued's.
                PaymentSessionStatus.BookingCanceled => session.Refund is { Amount.MinorUnits: 0 },
                PaymentSessionStatus.Rebooked => rebookedInto.Contains(session.Id),
                _ => false,
            };
            if (paid && !outcome)
            {
                examples.Add($"{session.Id}: {session.Status} (paid at Stripe: {paidAtStripe})");
            }
        }

        // Money taken for a session the store does not have.
        examples.AddRange(checkouts.Values.Where(c => c.PaymentStatus == "paid" && !known.Contains(c.ClientReferenceId!)).Select(c => $"{c.Id}: paid, no session"));
        return new("paidWithoutOutcome", "paid sessions neither booked with an interview, RefundRequired with a reason, Refunded, ended with nothing owed, nor rebooked into a linked session", examples.Count, [.. examples.Take(5)]);
    }

    private static bool IsNoShow(PaymentSession session, Dictionary<InterviewId, ScheduledInterview>? interviews) =>
        session.InterviewId is { } id && interviews?.GetValueOrDefault(id) is { Status: InterviewStatus.CandidateNoShow or InterviewStatus.InterviewerNoShow };

    private static bool IsInterviewerFault(PaymentSession session, Dictionary<InterviewId, ScheduledInterview> interviews) =>
        session.InterviewId is { } id
        && interviews.GetValueOrDefault(id) is { Status: InterviewStatus.InterviewerNoShow } or { Status: InterviewStatus.Canceled, CanceledBy: InterviewParty.Interviewer };

    /// <summary>
    /// Matcher calls for a candidate who had paid, or made while a payment webhook was handled; the calls of a free rebooking count too,
    /// unless the store shows the session rebooked after its interviewer canceled or did not show (the only exemption, by that link).
    /// </summary>
    internal static InvariantCount MatcherCallsAfterPayment(
        PaymentWatch watch, Dictionary<PaymentSessionId, PaymentSession> sessions, Dictionary<InterviewId, ScheduledInterview> interviews)
    {
        var unlinked = watch.RebookingMatcherCalls
            .Where(original => sessions.GetValueOrDefault(original) is not { } session || !IsInterviewerFault(session, interviews))
            .Select(original => $"{original}: a rebooking's matcher call without an interviewer's cancellation or no-show")
            .ToArray();
        return new(
            "matcherCallsAfterPayment",
            "matcher calls for a candidate who had paid, or made while a payment webhook was handled (a rebooking after the interviewer's fault excepted)",
            watch.MatcherCallsAfterPayment + unlinked.Length,
            [.. unlinked.Take(5)]);
    }

    /// <summary>
    /// Free rebookings that break their promise: the new session with the interviewer who canceled or did not show, at another price, with a
    /// checkout of its own (a new payment), or linked to an original that is not <see cref="PaymentSessionStatus.Rebooked"/> after the
    /// interviewer's fault; and originals marked rebooked with no session linked to them.
    /// </summary>
    internal static InvariantCount RebookingViolations(
        Dictionary<PaymentSessionId, PaymentSession> sessions, Dictionary<InterviewId, ScheduledInterview> interviews, Dictionary<string, FakeCheckout> checkouts)
    {
        var examples = new List<string>();
        var linked = new HashSet<PaymentSessionId>();
        foreach (var session in sessions.Values.Where(s => s.RebookedFrom is not null))
        {
            var originalId = session.RebookedFrom!.Value;
            linked.Add(originalId);
            var original = sessions.GetValueOrDefault(originalId);
            if (original is null)
            {
                examples.Add($"{session.Id}: rebooked from {originalId}, which is not stored");
                continue;
            }

            if (session.InterviewerId == original.InterviewerId || session.MatchedInterviewer?.Id == original.InterviewerId)
            {
                examples.Add($"{session.Id}: rebooked with {session.InterviewerId}, the interviewer excluded");
            }

            if (session.Price.Total != original.Price.Total || checkouts.ContainsKey(session.Id.Value))
            {
                examples.Add($"{session.Id}: rebooking priced {session.Price.Total} (paid {original.Price.Total}) or with a checkout of its own");
            }

            if (original.Status != PaymentSessionStatus.Rebooked || !IsInterviewerFault(original, interviews))
            {
                examples.Add($"{session.Id}: rebooked from {original.Id}, which is {original.Status} without the interviewer's fault on record");
            }
        }

        examples.AddRange(sessions.Values
            .Where(s => s.Status == PaymentSessionStatus.Rebooked && !linked.Contains(s.Id))
            .Select(s => $"{s.Id}: Rebooked, but no session is linked to it"));
        return new("rebookingViolations", "free rebookings with the excluded interviewer, a new payment or price, or no interviewer's fault behind them", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>Sessions the candidate chose to rebook that were refunded too: both the rebooking and the money back.</summary>
    internal static InvariantCount RebookedAndRefunded(IEnumerable<PaymentSession> sessions, IReadOnlyList<FakeRefund> refunds)
    {
        var refundedAtStripe = refunds
            .Select(r => r.Metadata.GetValueOrDefault(StripeMetadataKeys.PaymentSessionId))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var examples = sessions
            .Where(s => s.Status == PaymentSessionStatus.Rebooked && (s.IssuedRefund is not null || refundedAtStripe.Contains(s.Id.Value)))
            .Select(s => $"{s.Id}: rebooked and refunded")
            .ToList();
        return new("rebookedAndRefunded", "sessions rebooked for free that were also refunded", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>
    /// Interviews that ended out of order: completed before the start, a no-show recorded within the grace period, an ending missing from
    /// the interview's audit trail, or a completion or interviewer no-show without the outbox message written with it.
    /// </summary>
    internal static InvariantCount LifecycleOutOfOrder(
        IEnumerable<ScheduledInterview> interviews,
        Dictionary<InterviewId, IReadOnlyList<InterviewStatusChange>> trails,
        Dictionary<PaymentSessionId, IReadOnlyList<OutboxItem>> outbox,
        Duration grace)
    {
        var examples = new List<string>();
        foreach (var interview in interviews.Where(i => i.Status is not (InterviewStatus.Scheduled or InterviewStatus.Canceled)))
        {
            var earliest = interview.Status == InterviewStatus.Completed ? interview.Slot.Start : interview.Slot.Start + grace;
            if (interview.EndedAt is not { } ended || ended < earliest)
            {
                examples.Add($"{interview.Id}: {interview.Status} at {interview.EndedAt}, before {earliest}");
            }

            if (!(trails.GetValueOrDefault(interview.Id) ?? []).Any(c => c is { From: InterviewStatus.Scheduled } && c.To == interview.Status))
            {
                examples.Add($"{interview.Id}: {interview.Status} with no such entry in its audit trail");
            }

            var kind = interview.Status switch
            {
                InterviewStatus.Completed => OutboxKinds.InterviewCompleted,
                InterviewStatus.InterviewerNoShow => OutboxKinds.InterviewInterviewerNoShow,
                _ => null,
            };
            if (kind is not null && !(outbox.GetValueOrDefault(interview.Request.PaymentSessionId) ?? []).Any(i => i.Message.Key == interview.Id.Value + ":" + kind))
            {
                examples.Add($"{interview.Id}: {interview.Status} without its {kind} message");
            }
        }

        return new("lifecycleOutOfOrder", "interviews completed before the start, no-shows within the grace period, endings missing their audit entry or message", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>Booked sessions whose interview, confirmed reservation or checkout names another interviewer than the pre-matched one, or another slot.</summary>
    private static InvariantCount InterviewerSwitches(
        IEnumerable<PaymentSession> sessions,
        Dictionary<InterviewId, ScheduledInterview> interviews,
        Dictionary<ReservationId, Reservation> reservations,
        Dictionary<string, FakeCheckout> checkouts)
    {
        var examples = new List<string>();
        var byId = sessions.ToDictionary(s => s.Id);
        foreach (var session in byId.Values.Where(s => s.Status == PaymentSessionStatus.Booked))
        {
            var matched = session.MatchedInterviewer?.Id;
            var interview = session.InterviewId is { } interviewId ? interviews.GetValueOrDefault(interviewId) : null;
            var reservation = session.ReservationId is { } reservationId ? reservations.GetValueOrDefault(reservationId) : null;
            var checkout = checkouts.GetValueOrDefault(session.Id.Value);
            string?[] named =
            [
                session.InterviewerId?.Value,
                interview?.InterviewerId.Value,
                reservation?.InterviewerId.Value,
                .. checkout is null ? [] : new[] { checkout.Metadata.GetValueOrDefault(StripeMetadataKeys.InterviewerId) },
            ];
            if (matched is null || named.Any(n => n != matched.Value.Value) || interview?.Slot != session.Slot || reservation?.Slot != session.Slot)
            {
                examples.Add($"{session.Id}: matched {matched}, named {string.Join(", ", named)}");
            }
        }

        // Any interview at all, booked or not, with someone other than its session's pre-matched interviewer.
        foreach (var interview in interviews.Values)
        {
            if (byId.TryGetValue(interview.Request.PaymentSessionId, out var session) && session.Status != PaymentSessionStatus.Booked
                && session.MatchedInterviewer?.Id != interview.InterviewerId)
            {
                examples.Add($"{session.Id}: interview {interview.Id} with {interview.InterviewerId}, matched {session.MatchedInterviewer?.Id}");
            }
        }

        return new("interviewerSwitches", "bookings with another interviewer (or slot) than the pre-matched one", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>Reservations blocking a slot for good (confirmed, or held past the end) that no booked session owns.</summary>
    private static InvariantCount StrandedReservations(IEnumerable<Reservation> reservations, Dictionary<PaymentSessionId, PaymentSession> sessions, Instant now)
    {
        var examples = new List<string>();
        foreach (var reservation in reservations.Where(r => r.Status == ReservationStatus.Confirmed))
        {
            var owner = sessions.GetValueOrDefault(new PaymentSessionId(reservation.Owner));
            if (owner is not { Status: PaymentSessionStatus.Booked } || owner.ReservationId != reservation.Id)
            {
                examples.Add($"{reservation.Id} of {reservation.InterviewerId} confirmed for {reservation.Owner}, which is {owner?.Status.ToString() ?? "unknown"} with reservation {owner?.ReservationId}");
            }
        }

        return new("strandedReservations", "confirmed reservations no booked session owns (a slot blocked for nobody)", examples.Count, [.. examples.Take(5)]);
    }

    private static InvariantCount OrphanInterviews(IEnumerable<ScheduledInterview> interviews, Dictionary<PaymentSessionId, PaymentSession> sessions)
    {
        var examples = interviews
            .Where(i => i.Status == InterviewStatus.Scheduled)
            .Where(i => sessions.GetValueOrDefault(i.Request.PaymentSessionId) is not { Status: PaymentSessionStatus.Booked } owner || owner.InterviewId != i.Id)
            .Select(i => $"{i.Id} for {i.Request.PaymentSessionId}, which is {sessions.GetValueOrDefault(i.Request.PaymentSessionId)?.Status.ToString() ?? "unknown"}")
            .ToArray();
        return new("orphanInterviews", "scheduled interviews whose session is not booked with them", examples.Length, [.. examples.Take(5)]);
    }

    /// <summary>
    /// Sessions owed a refund (flagged <see cref="PaymentSessionStatus.RefundRequired"/>, or a canceled booking whose policy refunds something)
    /// that are not <see cref="PaymentSessionStatus.Refunded"/> once the outbox is drained, and Refunded sessions whose refund Stripe does not hold.
    /// </summary>
    /// <summary>How long every instance's directory may take to reach the table's final state before a difference counts.</summary>
    private static readonly TimeSpan DirectoryBound = TimeSpan.FromSeconds(15);

    // The table's state is what a directory opened after the run loads (in memory: the one every instance shares).
    private static async Task<InvariantCount[]> DirectoryInvariantsAsync(
        IIndexedInterviewerDirectory? table, IReadOnlyList<(string Name, IIndexedInterviewerDirectory Directory)> directories,
        IReadOnlyDictionary<InterviewerId, InterviewerProfile> edits, Marketplace market, CancellationToken cancellationToken)
    {
        var ids = market.Interviewers.Select(i => i.Id).ToList();
        var final = table is null ? [] : Profiles(table, ids);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var divergence = DirectoryDivergence(final, [.. directories.Select(d => (d.Name, Profiles(d.Directory, ids)))]);
        while (table is not null && divergence.Violations > 0 && waited.Elapsed < DirectoryBound)
        {
            await Task.Delay(50, cancellationToken);
            divergence = DirectoryDivergence(final, [.. directories.Select(d => (d.Name, Profiles(d.Directory, ids)))]);
        }

        return [divergence, table is null ? DirectoryEditsLost(new Dictionary<InterviewerId, InterviewerProfile>(), final) : DirectoryEditsLost(edits, final)];

        static Dictionary<InterviewerId, InterviewerProfile> Profiles(IIndexedInterviewerDirectory directory, List<InterviewerId> ids) =>
            ids.Select(directory.Index.Get).OfType<InterviewerProfile>().ToDictionary(p => p.Id);
    }

    /// <summary>Profiles an instance's directory holds differently from the table (or lacks, or holds when the table does not), per instance.</summary>
    internal static InvariantCount DirectoryDivergence(
        IReadOnlyDictionary<InterviewerId, InterviewerProfile> table, IReadOnlyList<(string Name, Dictionary<InterviewerId, InterviewerProfile> Profiles)> instances)
    {
        var examples = new List<string>();
        foreach (var (name, profiles) in instances)
        {
            foreach (var id in table.Keys.Union(profiles.Keys))
            {
                var expected = table.GetValueOrDefault(id);
                var actual = profiles.GetValueOrDefault(id);
                if (expected is null || actual is null || !SameProfile(expected, actual))
                {
                    examples.Add($"{name}: interviewer {id} is {Describe(actual)}, the table {Describe(expected)}");
                }
            }
        }

        return new("directoryDivergence", $"profiles an instance's directory holds unlike the table, {DirectoryBound.TotalSeconds:0} s after the run", examples.Count, [.. examples.Take(5)]);

        static string Describe(InterviewerProfile? profile) => profile is null ? "missing" : $"\"{profile.Name}\" at \"{profile.Company}\"";
    }

    /// <summary>Edits made during the run that the table does not hold at the end.</summary>
    internal static InvariantCount DirectoryEditsLost(
        IReadOnlyDictionary<InterviewerId, InterviewerProfile> edits, IReadOnlyDictionary<InterviewerId, InterviewerProfile> table)
    {
        var lost = edits.Values.Where(e => table.GetValueOrDefault(e.Id) is not { } stored || !SameProfile(e, stored)).Select(e => $"interviewer {e.Id}").ToList();
        return new("directoryEditsLost", "directory edits made during the run that the table does not hold at the end", lost.Count, [.. lost.Take(5)]);
    }

    /// <summary>Two profiles alike field for field (a record compares its lists by reference).</summary>
    internal static bool SameProfile(InterviewerProfile a, InterviewerProfile b) =>
        a.Id == b.Id && a.Name == b.Name && a.Email == b.Email && a.Company == b.Company && a.ExperienceYears == b.ExperienceYears
        && a.SkillCategories.SequenceEqual(b.SkillCategories) && a.Skills.SequenceEqual(b.Skills) && a.TimeZone.Id == b.TimeZone.Id
        && a.WeeklyAvailability.SequenceEqual(b.WeeklyAvailability) && a.AvailabilityOverrides.SequenceEqual(b.AvailabilityOverrides)
        && a.BufferBefore == b.BufferBefore && a.BufferAfter == b.BufferAfter && a.MinimumNotice == b.MinimumNotice
        && a.BookingHorizon == b.BookingHorizon && a.MaxInterviewsPerDay == b.MaxInterviewsPerDay && a.IsActive == b.IsActive;

    internal static InvariantCount RefundsNotIssued(IEnumerable<PaymentSession> sessions, IReadOnlyList<FakeRefund> refunds)
    {
        var atStripe = refunds.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var examples = new List<string>();
        foreach (var session in sessions)
        {
            switch (session)
            {
                case { Status: PaymentSessionStatus.RefundRequired }:
                    examples.Add($"{session.Id}: RefundRequired ({session.StatusReason}), not Refunded");
                    break;
                case { Status: PaymentSessionStatus.BookingCanceled, Refund.Amount.MinorUnits: > 0 }:
                    examples.Add($"{session.Id}: canceled with {session.Refund.Amount} owed, not Refunded");
                    break;
                case { Status: PaymentSessionStatus.Refunded } when session.IssuedRefund is not { } issued || !atStripe.ContainsKey(issued.ProviderRefundId):
                    examples.Add($"{session.Id}: Refunded with {session.IssuedRefund?.ProviderRefundId ?? "no refund"}, which Stripe does not hold");
                    break;
            }
        }

        return new("refundsNotIssued", "sessions owed a refund that are not Refunded (with a refund Stripe holds) once the outbox is drained", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>
    /// Booked sessions whose reminders came due (after the session was booked or last moved, by the end of the run) and were not all delivered,
    /// for the invite revision the session is at: counted from what the notifiers received, each message id once.
    /// </summary>
    internal static InvariantCount RemindersMissed(
        IEnumerable<PaymentSession> sessions,
        Dictionary<PaymentSessionId, IReadOnlyList<PaymentSessionStatusChange>> histories,
        Dictionary<PaymentSessionId, IReadOnlyList<OutboxItem>> outbox,
        IReadOnlyList<BookingNotification> delivered,
        IReadOnlyList<Duration> offsets,
        Instant now)
    {
        var received = delivered.Where(n => n.Kind == BookingNotificationKind.Reminder)
            .GroupBy(n => (n.Session.Id, n.Sequence))
            .ToDictionary(g => g.Key, g => g.Select(n => n.MessageId).Distinct(StringComparer.Ordinal).Count());
        var examples = new List<string>();
        foreach (var session in sessions.Where(s => s is { Status: PaymentSessionStatus.Booked, Slot: not null }))
        {
            var bookedAt = histories[session.Id].LastOrDefault(h => h.To == PaymentSessionStatus.Booked)?.At ?? session.UpdatedAt;
            var due = offsets.Distinct().Count(o => session.Slot!.Value.Start - o > bookedAt && session.Slot.Value.Start - o <= now);
            var got = received.GetValueOrDefault((session.Id, session.InviteSequence));
            if (got < due)
            {
                var items = (outbox.GetValueOrDefault(session.Id) ?? []).Where(i => i.Message.Kind == OutboxKinds.Reminder)
                    .Select(i => $"{i.Message.Key} due {i.Message.DueAt} {i.Status} after {i.Attempts} attempt(s) {i.LastError}");
                examples.Add($"{session.Id}: {due} reminder(s) due for revision {session.InviteSequence} (booked {bookedAt}, starts {session.Slot!.Value.Start}), {got} delivered; {string.Join("; ", items)}");
            }
        }

        return new("remindersMissed", "booked sessions whose due reminders were not delivered", examples.Count, [.. examples.Take(5)]);
    }

    /// <summary>The reminder offsets the marketplace's hosts run with.</summary>
    private static IReadOnlyList<Duration> ReminderOffsets(Marketplace market)
    {
        var options = new InterviewBookingOptions();
        market.Configure(options);
        return [.. options.ReminderOffsets];
    }

    /// <summary>Checkouts whose amount is not the session's server-side price, worked out again here from the catalogue.</summary>
    private static InvariantCount AmountMismatches(Dictionary<PaymentSessionId, PaymentSession> sessions, Dictionary<string, FakeCheckout> checkouts)
    {
        var examples = new List<string>();
        foreach (var checkout in checkouts.Values)
        {
            if (sessions.GetValueOrDefault(new PaymentSessionId(checkout.ClientReferenceId!)) is not { } session)
            {
                continue;
            }

            var expected = Marketplace.ExpectedPrice(session.AddOns.Any(a => a.AddOnId == Marketplace.RecordingAddOn), session.Price.CouponCode is not null);
            if (checkout.AmountTotal != expected || session.Price.Total.MinorUnits != expected
                || !string.Equals(checkout.Currency, Marketplace.Currency, StringComparison.OrdinalIgnoreCase))
            {
                examples.Add($"{session.Id}: checkout {checkout.AmountTotal} {checkout.Currency}, session {session.Price.Total}, expected {expected}");
            }
        }

        return new("amountMismatches", "checkouts charging another amount than the server-side price", examples.Count, [.. examples.Take(5)]);
    }
}

/// <summary>What the stores hold about one session's payout: the payout (if recorded), its audit trail, and the session's disputes.</summary>
internal sealed record PayoutRecord(Payout? Payout, IReadOnlyList<PayoutStatusChange> History, IReadOnlyList<PaymentDispute> Disputes);
