using InterviewBooking.InMemory;
using InterviewBooking.Stress;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using InterviewBooking.Testing;

namespace InterviewBooking.Properties.Tests.Stress;

/// <summary>The stress harness's verdict sees violations planted in the stores: a verdict that cannot fail would prove nothing.</summary>
public sealed class VerdictTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private static readonly Instant RetentionStart = Instant.FromUtc(2026, 6, 1, 12, 0);

    /// <summary>The retention count sees a reachable session that was purged, and none when the real stores purge.</summary>
    [Fact]
    public async Task Counts_a_session_purged_while_its_payout_was_pending_and_none_after_the_stores_own_purge()
    {
        var clock = new StressClock(RetentionStart);
        var outbox = new InMemoryOutboxStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var interviews = new InMemoryInterviewStore(outbox);
        var payouts = new InMemoryPayoutStore();
        var reservations = new InMemoryReservationStore(clock);
        var inbox = new InMemoryPaymentEventInbox();
        var retention = new InMemoryRetentionStore(reservations, sessions, interviews, payouts, outbox, inbox);

        var expired = await RetentionMoveAsync(sessions, await sessions.CreateAsync(PaymentSessionSamples.Pending(RetentionStart)), PaymentSessionStatus.Expired);
        var (owed, owedInterview) = await BookAndCompleteAsync(sessions, interviews);
        await payouts.AddOrGetAsync(RetentionPayout(owed, owedInterview, PayoutStatus.Pending));
        var (paid, paidInterview) = await BookAndCompleteAsync(sessions, interviews);
        await payouts.AddOrGetAsync(RetentionPayout(paid, paidInterview, PayoutStatus.Pending));
        await payouts.TryTransitionAsync(new PayoutTransition(paidInterview.Id, PayoutStatus.Pending, PayoutStatus.Paid, RetentionStart) { ProviderTransferId = "tr_1" });
        clock.Advance(Verdict.RetentionAges.FinishedRowAge + Duration.FromDays(1));
        var now = clock.GetCurrentInstant();

        var state = new Dictionary<PaymentSessionId, PaymentSession> { [expired.Id] = expired, [owed.Id] = owed, [paid.Id] = paid };
        var outboxBySession = state.Keys.ToDictionary(id => id, _ => (IReadOnlyList<OutboxItem>)[]);
        var payoutRecords = new Dictionary<PaymentSessionId, PayoutRecord>();
        foreach (var session in new[] { owed, paid })
        {
            payoutRecords[session.Id] = new PayoutRecord(await payouts.FindBySessionAsync(session.Id), [], await payouts.ListDisputesAsync(session.Id));
        }

        var interviewsById = new Dictionary<InterviewId, ScheduledInterview>
        {
            [owedInterview.Id] = (await interviews.GetAsync(owedInterview.Id))!,
            [paidInterview.Id] = (await interviews.GetAsync(paidInterview.Id))!,
        };
        var reachable = Verdict.StillReachable(state, outboxBySession, payoutRecords, interviewsById, Verdict.RetentionAges, now);
        Assert.Equal([owed.Id], reachable);

        // Planted: a purge that took the session whose payout is still owed.
        var planted = Verdict.PurgedWhileReachable(reachable, [expired.Id, owed.Id, paid.Id], removed: 3);
        Assert.Equal(1, planted.Violations);
        Assert.Equal([owed.Id.Value], planted.Examples);

        // The stores' own purge: the settled two go, the owed one stays, and the count is 0.
        var cutoffs = RetentionCutoffs.At(now, Verdict.RetentionAges);
        var removed = (await retention.PurgePaymentSessionsAsync(cutoffs, 100)).RemovedIds;
        Assert.Equal(new[] { expired.Id.Value, paid.Id.Value }.Order(), removed.Order());
        var gone = new List<PaymentSessionId>();
        foreach (var id in state.Keys)
        {
            if (await sessions.GetAsync(id) is null)
            {
                gone.Add(id);
            }
        }

        Assert.Equal(0, Verdict.PurgedWhileReachable(reachable, gone, removed.Count).Violations);
    }

    private static async Task<(PaymentSession Session, ScheduledInterview Interview)> BookAndCompleteAsync(InMemoryPaymentSessionStore sessions, InMemoryInterviewStore interviews)
    {
        var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(RetentionStart));
        session = await RetentionMoveAsync(sessions, session, PaymentSessionStatus.Paid);
        session = await RetentionMoveAsync(sessions, session, PaymentSessionStatus.Booking);
        var interview = await interviews.AddOrGetAsync(new ScheduledInterview(InterviewId.New(), PaymentSessionSamples.ScheduleRequest(session), RetentionStart));
        var booked = await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, RetentionStart) { InterviewId = interview.Id });
        await interviews.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, RetentionStart) { By = InterviewParty.Interviewer });
        return (booked.Session!, interview);
    }

    private static async Task<PaymentSession> RetentionMoveAsync(InMemoryPaymentSessionStore sessions, PaymentSession session, PaymentSessionStatus to) =>
        (await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, session.Status, to, RetentionStart))).Session!;

    private static Payout RetentionPayout(PaymentSession session, ScheduledInterview interview, PayoutStatus status) => new()
    {
        InterviewId = interview.Id,
        SessionId = session.Id,
        InterviewerId = interview.InterviewerId,
        PlanId = session.PlanId,
        Amount = new Money(7_500, "USD"),
        Status = status,
        CompletedAt = RetentionStart,
        DueAt = RetentionStart,
        CreatedAt = RetentionStart,
        UpdatedAt = RetentionStart,
    };

    [Fact]
    public async Task Counts_each_violation_planted_in_the_stores()
    {
        var market = new Marketplace(interviewers: 12, candidates: 10, seed: 1);
        var (ada, grace) = (market.Interviewers[0].Id, market.Interviewers[1].Id);
        var outbox = new InMemoryOutboxStore(new StressClock(Now));
        var sessions = new KeyForgettingSessions(outbox);
        var interviews = new InMemoryInterviewStore();
        var reservations = new PlantedReservations();
        var ledger = new Ledger();
        var slot = PaymentSessionSamples.DefaultSlot(Now);

        // Booked, but the interview is with someone else than the pre-matched interviewer.
        var switched = await BookedAsync(ada, slot, "switched");
        await InterviewAsync(switched, switched.Id.Value, grace, switched.InterviewId!.Value);
        // Booked once, then a second interview for the same payment under another key.
        var twice = await BookedAsync(grace, new Interval(slot.End, slot.End + slot.Duration), "twice");
        await InterviewAsync(twice, twice.Id.Value, grace, twice.InterviewId!.Value);
        await InterviewAsync(twice, "another-key", grace, InterviewId.New());
        // Paid and left there: neither booked nor flagged for refund.
        var stuck = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now) with { Status = PaymentSessionStatus.Paid });
        ledger.Session(stuck.Id);
        // Two confirmed reservations of one interviewer over overlapping slots.
        var thief = reservations.Confirmed(ada, new Interval(slot.Start + Duration.FromMinutes(15), slot.End + Duration.FromMinutes(15)), "thief");
        ledger.Reservation(thief.Id);
        // A double click that stored two sessions under one candidate's idempotency key.
        var clicked = PaymentSessionSamples.Pending(Now) with { IdempotencyKey = "double-click", RequestFingerprint = "sha256:one" };
        ledger.Session((await sessions.CreateAsync(clicked)).Id);
        ledger.Session((await sessions.CreateAsync(clicked with { Id = PaymentSessionId.New() })).Id);
        // The matcher called for a candidate who had paid.
        var watch = new PaymentWatch();
        watch.Paid(new CandidateId("candidate-paid"));
        watch.MatcherCalled(new CandidateId("candidate-paid"));

        using var stripe = new FakeStripeApi();
        var verdict = await Verdict.ReadAsync(
            new StoreSet(reservations, sessions, new InMemoryPaymentEventInbox(), new InMemoryCouponRedemptionStore(new StressClock(Now)), interviews, outbox, new InMemoryPayoutStore()),
            ledger, market, stripe, new StressClock(Now), watch, new SimulationFigures(), [], new Dictionary<InterviewerId, InterviewerProfile>(), [], CancellationToken.None);

        var counts = verdict.Invariants.ToDictionary(i => i.Name, i => i.Violations);
        Assert.Equal(1, counts["interviewerSwitches"]);
        Assert.Equal(1, counts["duplicateInterviews"]);
        Assert.Equal(1, counts["orphanInterviews"]);
        Assert.Equal(1, counts["paidWithoutOutcome"]);
        Assert.Equal(1, counts["doubleBookings"]);
        Assert.Equal(1, counts["strandedReservations"]);
        Assert.Equal(1, counts["matcherCallsAfterPayment"]);
        Assert.Equal(1, counts["duplicateIdempotentStarts"]);
        Assert.Equal(8, verdict.TotalViolations);

        async Task<PaymentSession> BookedAsync(InterviewerId interviewer, Interval at, string name)
        {
            var reservation = reservations.Confirmed(interviewer, at, "pending-owner");
            var session = PaymentSessionSamples.Pending(Now, interviewerId: interviewer, reservationId: reservation.Id, slot: at) with
            {
                Status = PaymentSessionStatus.Booked,
                InterviewId = new InterviewId("iv-" + name),
            };
            reservations.Own(reservation.Id, session.Id.Value);
            ledger.Session(session.Id);
            ledger.Reservation(reservation.Id);
            return await sessions.CreateAsync(session);
        }

        async Task InterviewAsync(PaymentSession session, string key, InterviewerId with, InterviewId id)
        {
            var request = PaymentSessionSamples.ScheduleRequest(session, key);
            var stored = await interviews.AddOrGetAsync(new ScheduledInterview(id, request with { Interviewer = request.Interviewer with { Id = with } }, Now));
            ledger.Interview(stored.Id);
        }
    }

    [Fact]
    public async Task Counts_a_payout_paid_twice_one_kept_for_a_refunded_interview_and_one_missing_past_its_hold_back()
    {
        var market = new Marketplace(interviewers: 12, candidates: 10, seed: 1);
        var clock = new StressClock(Now);
        var outbox = new InMemoryOutboxStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var payouts = new InMemoryPayoutStore();
        var ledger = new Ledger();
        var past = new Interval(Now - Duration.FromDays(4), Now - Duration.FromDays(4) + Duration.FromMinutes(30));

        // Paid by two transfers at Stripe (a second worker that paid again under another key).
        var twice = await BookedAsync(s => s);
        await PaidAsync(twice, "tr_1");
        // Refunded, yet its interviewer keeps the payout.
        var refunded = await BookedAsync(s => s with { Status = PaymentSessionStatus.Refunded, IssuedRefund = new IssuedRefund("re_1", s.Price.Total, Now) });
        await PaidAsync(refunded, "tr_3");
        // Reported completed four days ago, never disputed, and nothing paid.
        var missing = await BookedAsync(s => s);
        await outbox.EnqueueAsync(new OutboxMessage(missing.InterviewId!.Value.Value + ":interview-completed", OutboxKinds.InterviewCompleted, past.End) { SessionId = missing.Id });
        // Completed and disputed: held, so not missing; completed and paid once: fine.
        var disputed = await BookedAsync(s => s);
        await outbox.EnqueueAsync(new OutboxMessage(disputed.InterviewId!.Value.Value + ":interview-completed", OutboxKinds.InterviewCompleted, past.End) { SessionId = disputed.Id });
        await payouts.ApplyDisputeAsync(new PaymentDispute("dp_1", disputed.Id, DisputeStatus.Open, Now));
        var fine = await BookedAsync(s => s);
        await outbox.EnqueueAsync(new OutboxMessage(fine.InterviewId!.Value.Value + ":interview-completed", OutboxKinds.InterviewCompleted, past.End) { SessionId = fine.Id });
        await PaidAsync(fine, "tr_4");

        // At Stripe: the duplicate's two transfers and the refunded one's, made through the real Stripe.net client against the fake.
        using var stripe = new FakeStripeApi();
        var client = stripe.CreateClient();
        foreach (var (session, copies) in new[] { (twice, 2), (refunded, 1), (fine, 1) })
        {
            var checkout = await new global::Stripe.Checkout.SessionService(client).CreateAsync(new global::Stripe.Checkout.SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = session.Id.Value,
                ExpiresAt = (Now + Duration.FromHours(1)).ToDateTimeUtc(),
                LineItems = [new() { Quantity = 1, PriceData = new() { Currency = "usd", UnitAmount = 11_500, ProductData = new() { Name = "Mock interview" } } }],
            });
            var intent = stripe.Complete(checkout.Id).PaymentIntentId!;
            for (var copy = 0; copy < copies; copy++)
            {
                await new global::Stripe.TransferService(client).CreateAsync(new global::Stripe.TransferCreateOptions
                {
                    Amount = 3000,
                    Currency = "usd",
                    Destination = "acct_planted",
                    SourceTransaction = FakeStripeApi.ChargeOf(intent),
                    Metadata = new Dictionary<string, string> { [StripeMetadataKeys.InterviewId] = session.InterviewId!.Value.Value },
                });
            }
        }

        var verdict = await Verdict.ReadAsync(
            new StoreSet(new InMemoryReservationStore(clock), sessions, new InMemoryPaymentEventInbox(), new InMemoryCouponRedemptionStore(clock), new InMemoryInterviewStore(), outbox, payouts),
            ledger, market, stripe, clock, new PaymentWatch(), new SimulationFigures(), [], new Dictionary<InterviewerId, InterviewerProfile>(), [], CancellationToken.None);

        var counts = verdict.Invariants.ToDictionary(i => i.Name, i => i.Violations);
        Assert.Equal(4, stripe.Transfers.Count);
        Assert.Equal(1, counts["payoutsDuplicated"]);
        Assert.Equal(1, counts["payoutsForRefunded"]);
        Assert.Equal(1, counts["payoutsMissing"]);
        Assert.Contains(twice.InterviewId!.Value.Value, Assert.Single(verdict.Invariants, i => i.Name == "payoutsDuplicated").Examples[0], StringComparison.Ordinal);
        Assert.Contains(refunded.InterviewId!.Value.Value, Assert.Single(verdict.Invariants, i => i.Name == "payoutsForRefunded").Examples[0], StringComparison.Ordinal);
        Assert.Contains(missing.InterviewId!.Value.Value, Assert.Single(verdict.Invariants, i => i.Name == "payoutsMissing").Examples[0], StringComparison.Ordinal);

        async Task<PaymentSession> BookedAsync(Func<PaymentSession, PaymentSession> change)
        {
            var session = await sessions.CreateAsync(change(PaymentSessionSamples.Pending(Now, slot: past) with
            {
                Status = PaymentSessionStatus.Booked,
                InterviewId = InterviewId.New(),
                ProviderPaymentReference = "pi_" + Guid.NewGuid().ToString("N"),
            }));
            ledger.Session(session.Id);
            return session;
        }

        async Task PaidAsync(PaymentSession session, string transferId)
        {
            var payout = await payouts.AddOrGetAsync(new Payout
            {
                InterviewId = session.InterviewId!.Value,
                SessionId = session.Id,
                InterviewerId = session.InterviewerId!.Value,
                PlanId = session.PlanId,
                Amount = new Money(3000, "USD"),
                Status = PayoutStatus.Pending,
                CompletedAt = past.End,
                DueAt = past.End + Marketplace.PayoutHoldBack,
                CreatedAt = past.End,
            });
            await payouts.TryTransitionAsync(new PayoutTransition(payout.InterviewId, PayoutStatus.Pending, PayoutStatus.Paid, Now) { ProviderTransferId = transferId });
        }
    }

    [Fact]
    public void Counts_reservations_planted_inside_the_buffers_and_over_the_daily_cap()
    {
        var market = new Marketplace(interviewers: 12, candidates: 10, seed: 1);
        var buffered = market.Interviewers.First(i => i.BufferBefore + i.BufferAfter > Duration.Zero);
        var capped = market.Interviewers.Where(i => i != buffered).MinBy(i => i.MaxInterviewsPerDay)!;
        var reach = buffered.BufferBefore + buffered.BufferAfter;
        var planted = new List<Reservation>();
        var histories = new Dictionary<ReservationId, IReadOnlyList<ReservationStatusChange>>();
        Reservation Plant(InterviewerId interviewer, Instant start, Instant? releasedAt = null, Instant? heldAt = null)
        {
            var reservation = new Reservation
            {
                Id = ReservationId.New(),
                InterviewerId = interviewer,
                Slot = new Interval(start, start + Duration.FromMinutes(30)),
                Owner = "owner",
                Status = releasedAt is null ? ReservationStatus.Confirmed : ReservationStatus.Released,
                HeldUntil = Now + Duration.FromMinutes(30),
                CreatedAt = heldAt ?? Now,
            };
            planted.Add(reservation);
            histories[reservation.Id] = releasedAt is { } released
                ? [new(reservation.Id, null, ReservationStatus.Held, heldAt ?? Now, ReservationChangeReasons.Held), new(reservation.Id, ReservationStatus.Held, ReservationStatus.Released, released, ReservationChangeReasons.Released)]
                : [new(reservation.Id, null, ReservationStatus.Held, heldAt ?? Now, ReservationChangeReasons.Held), new(reservation.Id, ReservationStatus.Held, ReservationStatus.Confirmed, heldAt ?? Now, ReservationChangeReasons.Confirmed)];
            return reservation;
        }

        var tuesday = Instant.FromUtc(2026, 6, 2, 9, 0);
        // Inside the buffers: back to back, both confirmed. Exactly both buffers apart: fine. Released before the next was held: fine.
        Plant(buffered.Id, tuesday);
        Plant(buffered.Id, tuesday + Duration.FromMinutes(30));
        Plant(buffered.Id, tuesday + Duration.FromMinutes(60) + reach);
        Plant(buffered.Id, tuesday + Duration.FromHours(4), releasedAt: Now + Duration.FromMinutes(1));
        Plant(buffered.Id, tuesday + Duration.FromHours(4) + Duration.FromMinutes(30), heldAt: Now + Duration.FromMinutes(2));

        // One over the cap on one local day of the capped interviewer's zone, well apart; one more the next day.
        var morning = Instant.FromUtc(2026, 6, 3, 0, 0).InZone(capped.TimeZone).Date.At(new LocalTime(7, 0)).InZoneLeniently(capped.TimeZone).ToInstant();
        for (var k = 0; k <= capped.MaxInterviewsPerDay; k++)
        {
            Plant(capped.Id, morning + Duration.FromMinutes(90 * k));
        }

        Plant(capped.Id, morning + Duration.FromDays(1));

        var buffers = Verdict.BufferViolations(planted, histories, market, Now);
        var caps = Verdict.DailyCapViolations(planted, histories, market, Now);

        Assert.Equal(1, buffers.Violations);
        Assert.Equal(1, caps.Violations);
        Assert.Equal(("bufferViolations", "dailyCapViolations"), (buffers.Name, caps.Name));
    }

    [Fact]
    public async Task Counts_directory_profiles_an_instance_holds_unlike_the_table_and_edits_the_table_lost()
    {
        var market = new Marketplace(interviewers: 12, candidates: 10, seed: 1);
        var table = new InMemoryInterviewerDirectory();
        table.AddOrUpdateRange(market.Interviewers);
        var edited = market.Interviewers[0] with { Company = "Company (edit 0)" };
        table.AddOrUpdate(edited);
        // One instance missed the edit, another never got interviewer 5, a third is in step with the table.
        var stale = new InMemoryInterviewerDirectory();
        stale.AddOrUpdateRange(market.Interviewers);
        var partial = new InMemoryInterviewerDirectory();
        partial.AddOrUpdateRange([.. market.Interviewers.Where(i => i != market.Interviewers[5]), edited]);
        var edits = new Dictionary<InterviewerId, InterviewerProfile>
        {
            [edited.Id] = edited,
            [market.Interviewers[1].Id] = market.Interviewers[1] with { Company = "an edit the table lost" },
        };
        var clock = new StressClock(Now);
        var stores = new StoreSet(
            new InMemoryReservationStore(clock), new InMemoryPaymentSessionStore(), new InMemoryPaymentEventInbox(), new InMemoryCouponRedemptionStore(clock),
            new InMemoryInterviewStore(), new InMemoryOutboxStore(clock), new InMemoryPayoutStore(), new InstanceDirectory(table, _ => Task.CompletedTask));
        using var stripe = new FakeStripeApi();

        var verdict = await Verdict.ReadAsync(
            stores, new Ledger(), market, stripe, clock, new PaymentWatch(), new SimulationFigures(), [], edits,
            [("stale", stale), ("partial", partial), ("in step", table)], CancellationToken.None);

        var counts = verdict.Invariants.ToDictionary(i => i.Name, i => i.Violations);
        Assert.Equal(2, counts["directoryDivergence"]);
        Assert.Equal(1, counts["directoryEditsLost"]);
        Assert.Equal(3, verdict.TotalViolations);
        Assert.Contains(verdict.Invariants.Single(i => i.Name == "directoryDivergence").Examples, e => e.StartsWith("partial: interviewer " + market.Interviewers[5].Id, StringComparison.Ordinal));
    }

    /// <summary>A session store that does not keep idempotency keys unique (it hides them from the in-memory store it wraps), so duplicates can be planted.</summary>
    private sealed class KeyForgettingSessions : IPaymentSessionStore
    {
        private readonly InMemoryPaymentSessionStore _inner;
        private readonly Dictionary<PaymentSessionId, string> _keys = [];

        public KeyForgettingSessions(InMemoryOutboxStore outbox) => _inner = new InMemoryPaymentSessionStore(outbox);

        public async Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default)
        {
            if (session.IdempotencyKey is { } key)
            {
                _keys[session.Id] = key;
            }

            return WithKey(await _inner.CreateAsync(session with { IdempotencyKey = null }, cancellationToken))!;
        }

        public async Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
            WithKey(await _inner.GetAsync(id, cancellationToken));

        public Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default) =>
            _inner.TryAttachCheckoutAsync(id, providerReference, checkoutUrl, cancellationToken);

        public Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default) =>
            _inner.TryTransitionAsync(transition, cancellationToken);

        public Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
            _inner.GetHistoryAsync(id, cancellationToken);

        public Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default) =>
            _inner.ListByStatusAsync(status, changedBefore, maxItems, cancellationToken);

        private PaymentSession? WithKey(PaymentSession? session) =>
            session is not null && _keys.TryGetValue(session.Id, out var key) ? session with { IdempotencyKey = key } : session;
    }

    [Fact]
    public async Task Counts_a_notification_lost_when_missing_pending_dead_lettered_or_never_received_and_duplicates_as_a_figure()
    {
        var clock = new StressClock(Now);
        var outbox = new InMemoryOutboxStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var ledger = new Ledger();
        var delivered = new List<BookingNotification>();

        var noItem = await BookedAsync(withNotification: false);
        var pending = await BookedAsync();
        var deadLettered = await BookedAsync();
        await EndLeaseAsync(deadLettered, (key, token) => outbox.DeadLetterAsync(key, token, "gave up"));
        var neverReceived = await BookedAsync();
        await EndLeaseAsync(neverReceived, (key, token) => outbox.CompleteAsync(key, token));
        var twice = await BookedAsync();
        var twiceKey = await EndLeaseAsync(twice, (key, token) => outbox.CompleteAsync(key, token));
        delivered.Add(new BookingNotification(BookingNotificationKind.Booked, twice, null) { MessageId = twiceKey });
        delivered.Add(new BookingNotification(BookingNotificationKind.Booked, twice, null) { MessageId = twiceKey });
        var once = await BookedAsync();
        var onceKey = await EndLeaseAsync(once, (key, token) => outbox.CompleteAsync(key, token));
        delivered.Add(new BookingNotification(BookingNotificationKind.Booked, once, null) { MessageId = onceKey });

        var market = new Marketplace(interviewers: 12, candidates: 10, seed: 1);
        using var stripe = new FakeStripeApi();
        var verdict = await Verdict.ReadAsync(
            new StoreSet(new InMemoryReservationStore(clock), sessions, new InMemoryPaymentEventInbox(), new InMemoryCouponRedemptionStore(clock), new InMemoryInterviewStore(), outbox, new InMemoryPayoutStore()),
            ledger, market, stripe, clock, new PaymentWatch(), new SimulationFigures(), delivered, new Dictionary<InterviewerId, InterviewerProfile>(), [], CancellationToken.None);

        var lost = Assert.Single(verdict.Invariants, i => i.Name == "notificationsLost");
        Assert.Equal(4, lost.Violations);
        foreach (var session in new[] { noItem, pending, deadLettered, neverReceived })
        {
            Assert.Contains(lost.Examples, e => e.StartsWith(session.Id.Value, StringComparison.Ordinal));
        }

        Assert.Contains(lost.Examples, e => e.Contains("no outbox item", StringComparison.Ordinal));
        Assert.Contains(lost.Examples, e => e.Contains("DeadLettered", StringComparison.Ordinal));
        Assert.Equal(1, verdict.NotificationsDuplicated);
        Assert.Equal(3, verdict.NotificationsDelivered);

        // Walks a session to Booked through the store, the Booked notification written with the last change (as auto-booking writes it).
        async Task<PaymentSession> BookedAsync(bool withNotification = true)
        {
            var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now));
            ledger.Session(session.Id);
            foreach (var (from, to) in new[] { (PaymentSessionStatus.Pending, PaymentSessionStatus.Paid), (PaymentSessionStatus.Paid, PaymentSessionStatus.Booking) })
            {
                Assert.True((await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, from, to, Now))).Succeeded);
            }

            var message = new OutboxMessage($"{session.Id}:notification:booked:0", OutboxKinds.Notification, Now)
            {
                SessionId = session.Id,
                Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.NotificationKind] = nameof(BookingNotificationKind.Booked) },
            };
            var booked = await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, Now)
            {
                Outbox = withNotification ? [message] : [],
            });
            return booked.Session!;
        }

        async Task<string> EndLeaseAsync(PaymentSession session, Func<string, Guid, Task<bool>> end)
        {
            var key = $"{session.Id}:notification:booked:0";
            var leased = await outbox.LeaseAsync(100, Duration.FromMinutes(1));
            foreach (var item in leased)
            {
                if (item.Message.Key == key)
                {
                    Assert.True(await end(key, item.LeaseToken!.Value));
                }
                else
                {
                    await outbox.ReturnLeaseAsync(item.Message.Key, item.LeaseToken!.Value);
                }
            }

            return key;
        }
    }

    [Fact]
    public async Task Counts_a_refund_owed_and_not_refunded_and_a_refund_Stripe_does_not_hold()
    {
        var clock = new StressClock(Now);
        var outbox = new InMemoryOutboxStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var ledger = new Ledger();
        using var stripe = new FakeStripeApi();
        var checkout = await CheckoutAsync(stripe);
        var atStripe = stripe.RefundInDashboard(checkout.PaymentIntentId!, 100);

        var flagged = await PlantAsync(PaymentSessionStatus.RefundRequired, s => s with { StatusReason = "slot lost" });
        var canceledOwed = await PlantAsync(PaymentSessionStatus.BookingCanceled, s => s with { Refund = new RefundDecision(new Money(11_500, "USD"), 100, "Full refund") });
        await PlantAsync(PaymentSessionStatus.BookingCanceled, s => s with { Refund = new RefundDecision(new Money(0, "USD"), 0, "No refund") });
        var phantom = await PlantAsync(PaymentSessionStatus.Refunded, s => s with { IssuedRefund = new IssuedRefund("re_nowhere", new Money(11_500, "USD"), Now) });
        await PlantAsync(PaymentSessionStatus.Refunded, s => s with { IssuedRefund = new IssuedRefund(atStripe.Id, new Money(100, "USD"), Now) });

        var verdict = await ReadAsync(sessions, outbox, ledger, stripe, clock, []);

        var missed = Assert.Single(verdict.Invariants, i => i.Name == "refundsNotIssued");
        Assert.Equal(3, missed.Violations);
        foreach (var session in new[] { flagged, canceledOwed, phantom })
        {
            Assert.Contains(missed.Examples, e => e.StartsWith(session.Id.Value, StringComparison.Ordinal));
        }

        Assert.Equal(2, verdict.RefundsIssued);

        async Task<PaymentSession> PlantAsync(PaymentSessionStatus status, Func<PaymentSession, PaymentSession> mutate)
        {
            var session = await sessions.CreateAsync(mutate(PaymentSessionSamples.Pending(Now) with { Status = status }));
            ledger.Session(session.Id);
            return session;
        }
    }

    [Fact]
    public async Task Counts_a_booked_session_whose_due_reminders_were_not_all_delivered_for_its_revision()
    {
        var clock = new StressClock(Now);
        var outbox = new InMemoryOutboxStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var ledger = new Ledger();
        // The default offsets are 24 hours and 1 hour before the start; the run ends an hour before the slots below start.
        var end = Now + Duration.FromHours(30);
        var start = end + Duration.FromHours(1);
        var delivered = new List<BookingNotification>();

        var both = await BookedAsync(sequence: 0);
        Remind(both, 0, "24h");
        Remind(both, 0, "1h");
        var oneMissing = await BookedAsync(sequence: 0);
        Remind(oneMissing, 0, "24h");
        Remind(oneMissing, 0, "24h"); // a duplicate delivery is not a second reminder
        var oldRevision = await BookedAsync(sequence: 1);
        Remind(oldRevision, 0, "24h"); // reminders of the slot before the reschedule do not count
        Remind(oldRevision, 0, "1h");
        var bookedLate = await BookedAsync(sequence: 0, bookedAt: start - Duration.FromHours(2)); // only the 1-hour reminder was due
        Remind(bookedLate, 0, "1h");

        clock.Advance(end - Now);
        using var stripe = new FakeStripeApi();
        var verdict = await ReadAsync(sessions, outbox, ledger, stripe, clock, delivered);

        var missed = Assert.Single(verdict.Invariants, i => i.Name == "remindersMissed");
        Assert.Contains(missed.Examples, e => e.Contains("2 reminder(s) due for revision 0", StringComparison.Ordinal));
        Assert.Equal(2, missed.Violations);
        Assert.Contains(missed.Examples, e => e.StartsWith(oneMissing.Id.Value, StringComparison.Ordinal));
        Assert.Contains(missed.Examples, e => e.StartsWith(oldRevision.Id.Value, StringComparison.Ordinal));
        Assert.Equal(6, verdict.RemindersDelivered);

        async Task<PaymentSession> BookedAsync(int sequence, Instant? bookedAt = null)
        {
            var slot = new Interval(start, start + Duration.FromMinutes(30));
            var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now, slot: slot) with { Status = PaymentSessionStatus.Booking, InviteSequence = sequence });
            var booked = await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, bookedAt ?? Now));
            ledger.Session(session.Id);
            return booked.Session!;
        }

        void Remind(PaymentSession session, int sequence, string offset) =>
            delivered.Add(new BookingNotification(BookingNotificationKind.Reminder, session, null) { Sequence = sequence, MessageId = $"{session.Id}:reminder:{sequence}:{offset}" });
    }

    private static Task<Verdict> ReadAsync(
        InMemoryPaymentSessionStore sessions, InMemoryOutboxStore outbox, Ledger ledger, FakeStripeApi stripe, StressClock clock, IReadOnlyList<BookingNotification> delivered) =>
        Verdict.ReadAsync(
            new StoreSet(new InMemoryReservationStore(clock), sessions, new InMemoryPaymentEventInbox(), new InMemoryCouponRedemptionStore(clock), new InMemoryInterviewStore(), outbox, new InMemoryPayoutStore()),
            ledger, new Marketplace(interviewers: 12, candidates: 10, seed: 1), stripe, clock, new PaymentWatch(), new SimulationFigures(), delivered, new Dictionary<InterviewerId, InterviewerProfile>(), [], CancellationToken.None);

    /// <summary>A paid Checkout Session at the fake Stripe, through the real Stripe.net client.</summary>
    private static async Task<FakeCheckout> CheckoutAsync(FakeStripeApi stripe)
    {
        var created = await new global::Stripe.Checkout.SessionService(stripe.CreateClient()).CreateAsync(new global::Stripe.Checkout.SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = "ps_verdict",
            ExpiresAt = Now.ToDateTimeUtc().AddHours(1),
            LineItems = [new() { Quantity = 1, PriceData = new() { Currency = "usd", UnitAmount = 11_500, ProductData = new() { Name = "Mock interview" } } }],
        });
        return stripe.Complete(created.Id);
    }

    /// <summary>A reservation store that holds whatever it is given, overlaps included: only the reads the verdict makes.</summary>
    private sealed class PlantedReservations : IReservationStore
    {
        private readonly Dictionary<ReservationId, Reservation> _reservations = [];

        public Reservation Confirmed(InterviewerId interviewer, Interval slot, string owner)
        {
            var reservation = new Reservation
            {
                Id = ReservationId.New(),
                InterviewerId = interviewer,
                Slot = slot,
                Owner = owner,
                Status = ReservationStatus.Confirmed,
                HeldUntil = Now + Duration.FromMinutes(30),
                CreatedAt = Now,
            };
            _reservations[reservation.Id] = reservation;
            return reservation;
        }

        public void Own(ReservationId id, string owner) => _reservations[id] = _reservations[id] with { Owner = owner };

        public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) => Task.FromResult(_reservations.GetValueOrDefault(id));

        public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ReservationStatusChange>>(
            [
                new(id, null, ReservationStatus.Held, Now, ReservationChangeReasons.Held),
                new(id, ReservationStatus.Held, ReservationStatus.Confirmed, Now, ReservationChangeReasons.Confirmed),
            ]);

        public Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Reservation>>([.. _reservations.Values.Where(r => interviewerIds.Contains(r.InterviewerId))]);

        public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
