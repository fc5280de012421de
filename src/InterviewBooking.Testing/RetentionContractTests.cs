using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IRetentionStore"/> must have over its adapter's stores: it removes what is old and finished (reservations,
/// settled sessions with their interview, payout and disputes, finished outbox items, old inbox entries), never a session a dispute, a refund,
/// a payout or an undelivered message can still reach, never an inbox entry inside its window, in bounded batches, idempotently, and each row
/// once under concurrent passes; the interviewer's reliability keeps counting what went. Every row is written through the stores' own calls.
/// An adapter's test project subclasses this and implements <see cref="CreateStoresAsync"/>; assertions look only at the rows a test wrote,
/// so a store shared between tests (a database) is fine.
/// </summary>
public abstract class RetentionContractTests : StoreContractTestBase
{
    private static readonly Duration Day = Duration.FromDays(1);

    /// <summary>The options the tests judge by: finished rows after 30 days, inbox entries after 3 (Stripe's retry window), disputes for 90 days.</summary>
    protected static RetentionOptions Options { get; } = new()
    {
        FinishedRowAge = Duration.FromDays(30),
        PaymentEventInboxAge = Duration.FromDays(3),
        DisputeWindow = Duration.FromDays(90),
    };

    /// <summary>Creates the adapter's stores, all on <paramref name="clock"/>, and its retention store over them.</summary>
    /// <param name="clock">The stores' clock (a <see cref="NodaTime.Testing.FakeClock"/> the tests move).</param>
    protected abstract Task<RetentionStores> CreateStoresAsync(IClock clock);

    /// <summary>How many passes run at once in <see cref="ConcurrentPassesRemoveEachRowOnce"/>. Default 4.</summary>
    protected virtual int ConcurrentPasses => 4;

    /// <summary>Released, expired and confirmed reservations whose slot ended more than the age ago go with their trail; the rest stay and still block.</summary>
    [Fact]
    public async Task RemovesReservationsWhoseSlotEndedLongAgo()
    {
        var stores = await CreateStoresAsync(Clock);
        var interviewer = new InterviewerId(Unique("iv"));
        var released = await HoldAsync(stores, interviewer, Now + Day, Duration.FromMinutes(30));
        await stores.Reservations.TryReleaseAsync(released.Id, released.Owner);
        var confirmed = await HoldAsync(stores, interviewer, Now + (2 * Day), Duration.FromMinutes(30));
        await stores.Reservations.TryConfirmAsync(confirmed.Id, confirmed.Owner);
        var ranOut = await HoldAsync(stores, interviewer, Now + (3 * Day), Duration.FromMinutes(5));

        Clock.Advance(Duration.FromDays(20));
        var recent = await HoldAsync(stores, interviewer, Now + Day, Duration.FromMinutes(30));
        await stores.Reservations.TryReleaseAsync(recent.Id, recent.Owner);
        Clock.Advance(Duration.FromDays(15)); // the first three ended 31-32 days ago, the recent one 14
        var active = await HoldAsync(stores, interviewer, Now + Day, Duration.FromMinutes(30));

        var removed = await DrainAsync(stores.Retention.PurgeReservationsAsync, Cutoffs());

        Assert.Subset(removed.ToHashSet(), new[] { released.Id.Value, confirmed.Id.Value, ranOut.Id.Value }.ToHashSet());
        Assert.DoesNotContain(recent.Id.Value, removed);
        Assert.DoesNotContain(active.Id.Value, removed);
        foreach (var gone in new[] { released, confirmed, ranOut })
        {
            Assert.Null(await stores.Reservations.GetAsync(gone.Id));
            Assert.Empty(await stores.Reservations.GetHistoryAsync(gone.Id));
        }

        Assert.NotNull(await stores.Reservations.GetAsync(recent.Id));
        Assert.NotEmpty(await stores.Reservations.GetHistoryAsync(recent.Id));
        Assert.Equal(ReservationStatus.Held, (await stores.Reservations.GetAsync(active.Id))!.Status);
        var conflict = await stores.Reservations.TryHoldAsync(new HoldRequest(interviewer, active.Slot, Unique("owner"), Now + Duration.FromMinutes(30)));
        Assert.False(conflict.Succeeded);
        var active2 = await stores.Reservations.GetActiveAsync([interviewer], new Interval(Now, Now + (2 * Day)));
        Assert.Equal([active.Id], active2.Select(r => r.Id));
    }

    /// <summary>
    /// Sessions closed unpaid, refunded, or booked and completed with the payout paid and the dispute closed, go past the age and the dispute
    /// window, with their trail, interview, payout and disputes; the interviewer's reliability counts the same before and after.
    /// </summary>
    [Fact]
    public async Task RemovesSettledSessionsWithWhatBelongsToThem()
    {
        var stores = await CreateStoresAsync(Clock);
        var expired = await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Expired);
        var canceled = await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Canceled);
        var refunded = await RefundAsync(stores, await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Paid, PaymentSessionStatus.RefundRequired));
        var interviewer = new InterviewerId(Unique("iv"));
        var (booked, interview) = await BookAsync(stores, await CreateAsync(stores, interviewer));
        await CompleteAsync(stores, interview, stars: 4);
        await PayOutAsync(stores, booked, interview, disputeThenWin: true);
        var (noShow, noShowInterview) = await BookAsync(stores, await CreateAsync(stores, interviewer));
        await EndAsync(stores, noShowInterview, InterviewStatus.InterviewerNoShow);
        var reliability = (await stores.Interviews.GetReliabilityAsync([interviewer]))[interviewer];
        Assert.Equal((1, 1, 1, (double?)4.0), (reliability.Attended, reliability.NoShows, reliability.Ratings, reliability.MeanRating));

        Clock.Advance(Options.DisputeWindow + Day);
        var removed = await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, Cutoffs());

        foreach (var gone in new[] { expired, canceled, refunded, booked, noShow })
        {
            Assert.Contains(gone.Id.Value, removed);
            Assert.Null(await stores.Sessions.GetAsync(gone.Id));
            Assert.Empty(await stores.Sessions.GetHistoryAsync(gone.Id));
        }

        Assert.Null(await stores.Interviews.GetAsync(interview.Id));
        Assert.Empty(await stores.Interviews.GetHistoryAsync(interview.Id));
        Assert.Null(await stores.Interviews.FindByKeyAsync(interview.Request.IdempotencyKey));
        Assert.Null(await stores.Interviews.GetAsync(noShowInterview.Id));
        Assert.Null(await stores.Payouts.GetAsync(interview.Id));
        Assert.Null(await stores.Payouts.FindBySessionAsync(booked.Id));
        Assert.Empty(await stores.Payouts.GetHistoryAsync(interview.Id));
        Assert.Empty(await stores.Payouts.ListDisputesAsync(booked.Id));
        Assert.Equal(reliability, (await stores.Interviews.GetReliabilityAsync([interviewer]))[interviewer]);
    }

    /// <summary>
    /// A session a dispute, a refund, a payout, an undelivered message or an interview still to be reported can reach stays, however old; a
    /// paid one stays for the dispute window. Each goes once what held it is settled.
    /// </summary>
    [Fact]
    public async Task NeverRemovesASessionSomethingCanStillReach()
    {
        var stores = await CreateStoresAsync(Clock);
        var (inWindow, inWindowInterview) = await BookAsync(stores, await CreateAsync(stores));
        await CompleteAsync(stores, inWindowInterview, stars: 5);
        var refundOwed = await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Paid, PaymentSessionStatus.RefundRequired);
        var (canceledOwed, canceledInterview) = await BookAsync(stores, await CreateAsync(stores));
        await EndAsync(stores, canceledInterview, InterviewStatus.Canceled);
        canceledOwed = await Move(stores, canceledOwed, PaymentSessionStatus.BookingCanceled, refund: new RefundDecision(new Money(11_500, "USD"), 100, "canceled early"));
        var (payoutPending, pendingInterview) = await BookAsync(stores, await CreateAsync(stores));
        await CompleteAsync(stores, pendingInterview, stars: null);
        await stores.Payouts.AddOrGetAsync(NewPayout(payoutPending, pendingInterview));
        var (disputed, disputedInterview) = await BookAsync(stores, await CreateAsync(stores));
        await CompleteAsync(stores, disputedInterview, stars: null);
        await stores.Payouts.AddOrGetAsync(NewPayout(disputed, disputedInterview));
        var disputeId = Unique("dp");
        await stores.Payouts.ApplyDisputeAsync(new PaymentDispute(disputeId, disputed.Id, DisputeStatus.Open, Now));
        var (unreported, _) = await BookAsync(stores, await CreateAsync(stores));
        var undelivered = await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Expired, outbox: [new OutboxMessage(Unique("ob"), "test.later", Now + Duration.FromDays(365))]);

        // Past the age, inside the dispute window: only what was never paid could go, and nothing here qualifies.
        Clock.Advance(Duration.FromDays(40));
        var early = await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, Cutoffs());
        Assert.DoesNotContain(inWindow.Id.Value, early);

        Clock.Advance(Options.DisputeWindow);
        var removed = await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, Cutoffs());
        Assert.Contains(inWindow.Id.Value, removed); // the control: past the window, it goes
        var kept = new[] { refundOwed, canceledOwed, payoutPending, disputed, unreported, undelivered };
        foreach (var session in kept)
        {
            Assert.DoesNotContain(session.Id.Value, removed);
            Assert.NotNull(await stores.Sessions.GetAsync(session.Id));
        }

        Assert.NotNull(await stores.Interviews.GetAsync(disputedInterview.Id));
        Assert.Equal(PayoutStatus.Held, (await stores.Payouts.FindBySessionAsync(disputed.Id))!.Status);
        Assert.Single(await stores.Payouts.ListDisputesAsync(disputed.Id));

        // Settle what held them: the refund issued, the payout paid, the dispute won (then paid). They go after the age.
        await RefundAsync(stores, refundOwed);
        await RefundAsync(stores, canceledOwed);
        await Pay(stores, pendingInterview.Id);
        await stores.Payouts.ApplyDisputeAsync(new PaymentDispute(disputeId, disputed.Id, DisputeStatus.Won, Now));
        await Pay(stores, disputedInterview.Id);
        Clock.Advance(Options.DisputeWindow + Day);
        var later = await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, Cutoffs());
        Assert.Subset(later.ToHashSet(), new[] { refundOwed, canceledOwed, payoutPending, disputed }.Select(s => s.Id.Value).ToHashSet());
        Assert.DoesNotContain(unreported.Id.Value, later);
        Assert.DoesNotContain(undelivered.Id.Value, later);
    }

    /// <summary>A free rebooking's chain goes as a whole: the original never before its rebooking can go, and then both in one batch.</summary>
    [Fact]
    public async Task RemovesARebookingChainAsAWhole()
    {
        var stores = await CreateStoresAsync(Clock);
        var (original, originalInterview) = await BookAsync(stores, await CreateAsync(stores));
        await EndAsync(stores, originalInterview, InterviewStatus.InterviewerNoShow);
        original = await Move(stores, original, PaymentSessionStatus.BookingCanceled, refund: new RefundDecision(new Money(11_500, "USD"), 100, "interviewer absent"));
        original = await Move(stores, original, PaymentSessionStatus.Rebooked);
        var rebookingId = RebookingService.RebookedSessionId(original.Id);
        var rebooking = await stores.Sessions.CreateAsync(PaymentSessionSamples.Pending(Now, id: rebookingId) with
        {
            Status = PaymentSessionStatus.Paid,
            RebookedFrom = original.Id,
        });
        var (_, rebookingInterview) = await BookAsync(stores, rebooking);
        await CompleteAsync(stores, rebookingInterview, stars: 3);
        await stores.Payouts.AddOrGetAsync(NewPayout(rebooking, rebookingInterview));

        Clock.Advance(Options.DisputeWindow + Day);
        var whilePending = await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, Cutoffs());
        Assert.DoesNotContain(original.Id.Value, whilePending);
        Assert.DoesNotContain(rebookingId.Value, whilePending);

        await Pay(stores, rebookingInterview.Id);
        var batch = await stores.Retention.PurgePaymentSessionsAsync(Cutoffs(), 2);
        var removed = batch.RemovedIds.Concat(await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, Cutoffs())).ToList();
        Assert.Contains(original.Id.Value, removed);
        Assert.Contains(rebookingId.Value, removed);
        Assert.Null(await stores.Sessions.GetAsync(original.Id));
        Assert.Null(await stores.Sessions.GetAsync(rebookingId));
        Assert.Null(await stores.Payouts.GetAsync(rebookingInterview.Id));
    }

    /// <summary>Delivered and dead-lettered items go after the age; pending and leased ones stay however old.</summary>
    [Fact]
    public async Task RemovesOnlyFinishedOutboxItems()
    {
        var stores = await CreateStoresAsync(Clock);
        var prefix = Unique("rt");
        string[] keys = [prefix + "-done", prefix + "-dead", prefix + "-leased", prefix + "-later", prefix + "-recent"];
        foreach (var key in keys)
        {
            await stores.Outbox.EnqueueAsync(new OutboxMessage(key, "test.retention", key.EndsWith("-later", StringComparison.Ordinal) ? Now + Duration.FromDays(400) : Now));
        }

        // Leased for longer than the test runs, so the leased item stays leased; the later one stays pending (due in 400 days).
        var leased = (await LeaseOwnAsync(stores.Outbox, prefix, Duration.FromDays(900))).ToDictionary(i => i.Message.Key);
        Assert.Equal(4, leased.Count);
        Assert.True(await stores.Outbox.CompleteAsync(keys[0], leased[keys[0]].LeaseToken!.Value));
        Assert.True(await stores.Outbox.DeadLetterAsync(keys[1], leased[keys[1]].LeaseToken!.Value, "gave up"));
        Clock.Advance(Duration.FromDays(25));
        Assert.True(await stores.Outbox.CompleteAsync(keys[4], leased[keys[4]].LeaseToken!.Value));
        Clock.Advance(Duration.FromDays(10)); // 35 days after the first two finished, 10 after the recent one

        var removed = await DrainAsync(stores.Retention.PurgeOutboxItemsAsync, Cutoffs());
        Assert.Contains(keys[0], removed);
        Assert.Contains(keys[1], removed);
        Assert.DoesNotContain(keys[2], removed);
        Assert.DoesNotContain(keys[3], removed);
        Assert.DoesNotContain(keys[4], removed);
        Assert.Null(await stores.Outbox.GetAsync(keys[0]));
        Assert.Null(await stores.Outbox.GetAsync(keys[1]));
        Assert.NotNull(await stores.Outbox.GetAsync(keys[2]));
        Assert.NotNull(await stores.Outbox.GetAsync(keys[3]));
        Assert.NotNull(await stores.Outbox.GetAsync(keys[4]));
    }

    /// <summary>An inbox entry inside its window stays (a redelivery is still answered as a duplicate); one past it goes.</summary>
    [Fact]
    public async Task NeverRemovesAnInboxEntryInsideItsWindow()
    {
        var stores = await CreateStoresAsync(Clock);
        var old = new ProcessedPaymentEvent(Unique("evt"), "checkout.session.completed", null, PaymentEventOutcome.Booked, Now);
        var edge = old with { EventId = Unique("evt"), ProcessedAt = Now + Day };
        var young = old with { EventId = Unique("evt"), ProcessedAt = Now + (2 * Day) };
        foreach (var processed in new[] { old, edge, young })
        {
            Assert.True(await stores.Inbox.TryRecordAsync(processed));
        }

        Clock.Advance(Options.PaymentEventInboxAge + Day); // edge is exactly the window old: it stays, as does young
        var removed = await DrainAsync(stores.Retention.PurgePaymentEventsAsync, Cutoffs());

        Assert.Contains(old.EventId, removed);
        Assert.DoesNotContain(edge.EventId, removed);
        Assert.DoesNotContain(young.EventId, removed);
        Assert.Null(await stores.Inbox.FindAsync(old.EventId));
        Assert.Equal(edge, await stores.Inbox.FindAsync(edge.EventId));
        Assert.Equal(young, await stores.Inbox.FindAsync(young.EventId));
        Assert.True(await stores.Inbox.TryRecordAsync(old)); // a redelivery after the window is processed again: the flow is idempotent
    }

    /// <summary>A batch removes at most its size, oldest first; draining again removes nothing (idempotent).</summary>
    [Fact]
    public async Task BatchesAreBoundedOldestFirstAndIdempotent()
    {
        var stores = await CreateStoresAsync(Clock);
        var sessions = new List<string>();
        var events = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            sessions.Add((await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Expired)).Id.Value);
            var processed = new ProcessedPaymentEvent(Unique("evt"), "checkout.session.expired", null, PaymentEventOutcome.Released, Now);
            await stores.Inbox.TryRecordAsync(processed);
            events.Add(processed.EventId);
            Clock.Advance(Duration.FromMinutes(1));
        }

        Clock.Advance(Duration.FromDays(31));
        var cutoffs = Cutoffs();
        await AssertBoundedOldestFirst(stores.Retention.PurgePaymentSessionsAsync, cutoffs, sessions);
        await AssertBoundedOldestFirst(stores.Retention.PurgePaymentEventsAsync, cutoffs, events);
        foreach (var purge in new Func<RetentionCutoffs, int, CancellationToken, Task<RetentionBatch>>[]
                 {
                     stores.Retention.PurgeReservationsAsync, stores.Retention.PurgePaymentSessionsAsync,
                     stores.Retention.PurgeOutboxItemsAsync, stores.Retention.PurgePaymentEventsAsync,
                 })
        {
            await DrainAsync(purge, cutoffs);
            Assert.Empty((await purge(cutoffs, 100, CancellationToken.None)).RemovedIds);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => purge(cutoffs, 0, CancellationToken.None));
        }
    }

    /// <summary>Passes running at once (as on several instances) remove every eligible row exactly once between them, and fail none.</summary>
    [Fact]
    public async Task ConcurrentPassesRemoveEachRowOnce()
    {
        var stores = await CreateStoresAsync(Clock);
        var interviewer = new InterviewerId(Unique("iv"));
        var ours = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            ours.Add((await Move(stores, await CreateAsync(stores), PaymentSessionStatus.Expired)).Id.Value);
            var hold = await HoldAsync(stores, interviewer, Now + Day + (i * Duration.FromHours(1)), Duration.FromMinutes(30));
            await stores.Reservations.TryReleaseAsync(hold.Id, hold.Owner);
            ours.Add(hold.Id.Value);
            var processed = new ProcessedPaymentEvent(Unique("evt"), "checkout.session.expired", null, PaymentEventOutcome.Released, Now);
            await stores.Inbox.TryRecordAsync(processed);
            ours.Add(processed.EventId);
        }

        Clock.Advance(Duration.FromDays(35));
        var cutoffs = Cutoffs();
        var passes = await Concurrently.RunAsync(ConcurrentPasses, async _ =>
        {
            var removed = new List<string>();
            removed.AddRange(await DrainAsync(stores.Retention.PurgePaymentSessionsAsync, cutoffs, batchSize: 7));
            removed.AddRange(await DrainAsync(stores.Retention.PurgeReservationsAsync, cutoffs, batchSize: 7));
            removed.AddRange(await DrainAsync(stores.Retention.PurgePaymentEventsAsync, cutoffs, batchSize: 7));
            return removed;
        });

        var all = passes.SelectMany(p => p).Where(ours.Contains).ToList();
        Assert.Equal(ours.Count, all.Count);
        Assert.Equal(ours, all.ToHashSet());
    }

    /// <summary>Cutoffs at the clock's current instant under <see cref="Options"/>.</summary>
    protected RetentionCutoffs Cutoffs() => RetentionCutoffs.At(Now, Options);

    /// <summary>Runs batches of <paramref name="batchSize"/> until one comes back short; checks each is bounded; returns every id removed.</summary>
    /// <param name="purge">One of the store's purge methods.</param>
    /// <param name="cutoffs">The cutoffs.</param>
    /// <param name="batchSize">The batch size.</param>
    protected static async Task<List<string>> DrainAsync(
        Func<RetentionCutoffs, int, CancellationToken, Task<RetentionBatch>> purge, RetentionCutoffs cutoffs, int batchSize = 50)
    {
        ArgumentNullException.ThrowIfNull(purge);
        var removed = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var batch = await purge(cutoffs, batchSize, CancellationToken.None);
            Assert.InRange(batch.Count, 0, batchSize);
            removed.AddRange(batch.RemovedIds);
            if (batch.Count < batchSize)
            {
                return removed;
            }
        }

        throw new InvalidOperationException("The purge never came back short of its batch size.");
    }

    private static async Task AssertBoundedOldestFirst(
        Func<RetentionCutoffs, int, CancellationToken, Task<RetentionBatch>> purge, RetentionCutoffs cutoffs, List<string> oldestFirst)
    {
        // Rows of other tests may go in between; ours must go in the order they were written, each once, no batch above its size.
        var order = new List<string>();
        for (var i = 0; i < 1_000 && order.Count < oldestFirst.Count; i++)
        {
            var batch = await purge(cutoffs, 10, CancellationToken.None);
            Assert.InRange(batch.Count, 0, 10);
            order.AddRange(batch.RemovedIds.Where(oldestFirst.Contains));
            if (batch.Count == 0)
            {
                break;
            }
        }

        Assert.Equal(oldestFirst, order);
    }

    private async Task<Reservation> HoldAsync(RetentionStores stores, InterviewerId interviewer, Instant start, Duration heldFor)
    {
        var result = await stores.Reservations.TryHoldAsync(
            new HoldRequest(interviewer, new Interval(start, start + Duration.FromMinutes(60)), Unique("owner"), Now + heldFor));
        Assert.True(result.Succeeded);
        var reservation = result.Reservation!;
        if (heldFor < Duration.FromMinutes(10))
        {
            Clock.Advance(heldFor + Duration.FromMinutes(1)); // let this hold run out unrecorded
        }

        return reservation;
    }

    private async Task<PaymentSession> CreateAsync(RetentionStores stores, InterviewerId? interviewer = null) =>
        await stores.Sessions.CreateAsync(PaymentSessionSamples.Pending(Now, interviewerId: interviewer));

    private async Task<PaymentSession> Move(
        RetentionStores stores,
        PaymentSession session,
        PaymentSessionStatus to,
        RefundDecision? refund = null,
        IReadOnlyList<OutboxMessage>? outbox = null) =>
        await Move(stores, session, [to], refund, outbox);

    private Task<PaymentSession> Move(RetentionStores stores, PaymentSession session, PaymentSessionStatus first, PaymentSessionStatus then) =>
        Move(stores, session, [first, then], null, null);

    private async Task<PaymentSession> Move(
        RetentionStores stores, PaymentSession session, PaymentSessionStatus[] path, RefundDecision? refund, IReadOnlyList<OutboxMessage>? outbox)
    {
        foreach (var to in path)
        {
            var messages = outbox?.Select(m => m with { SessionId = session.Id }).ToArray() ?? [];
            var result = await stores.Sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, session.Status, to, Now)
            {
                Refund = refund,
                Outbox = messages,
                ProviderPaymentReference = to == PaymentSessionStatus.Paid ? "pi_" + session.Id.Value : null,
            });
            Assert.True(result.Succeeded, $"{session.Status} -> {to}");
            session = result.Session!;
        }

        return session;
    }

    private async Task<PaymentSession> RefundAsync(RetentionStores stores, PaymentSession session)
    {
        var result = await stores.Sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, session.Status, PaymentSessionStatus.Refunded, Now)
        {
            IssuedRefund = new IssuedRefund("re_" + session.Id.Value, session.Price.Total, Now),
        });
        Assert.True(result.Succeeded);
        return result.Session!;
    }

    private async Task<(PaymentSession Session, ScheduledInterview Interview)> BookAsync(RetentionStores stores, PaymentSession session)
    {
        if (session.Status == PaymentSessionStatus.Pending)
        {
            session = await Move(stores, session, PaymentSessionStatus.Paid);
        }

        session = await Move(stores, session, PaymentSessionStatus.Booking);
        var interview = await stores.Interviews.AddOrGetAsync(new ScheduledInterview(InterviewId.New(), PaymentSessionSamples.ScheduleRequest(session), Now));
        var booked = await stores.Sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, Now) { InterviewId = interview.Id });
        Assert.True(booked.Succeeded);
        return (booked.Session!, interview);
    }

    private async Task CompleteAsync(RetentionStores stores, ScheduledInterview interview, int? stars)
    {
        await EndAsync(stores, interview, InterviewStatus.Completed);
        if (stars is { } given)
        {
            var rated = await stores.Interviews.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Completed, InterviewStatus.Completed, Now)
            {
                By = InterviewParty.Candidate,
                Rating = new CandidateRating(given, null, Now),
            });
            Assert.True(rated.Succeeded);
        }
    }

    private async Task EndAsync(RetentionStores stores, ScheduledInterview interview, InterviewStatus to)
    {
        var ended = await stores.Interviews.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, to, Now)
        {
            By = to == InterviewStatus.InterviewerNoShow ? InterviewParty.Candidate : InterviewParty.Interviewer,
            IsLateCancellation = false,
        });
        Assert.True(ended.Succeeded);
    }

    private async Task PayOutAsync(RetentionStores stores, PaymentSession session, ScheduledInterview interview, bool disputeThenWin)
    {
        await stores.Payouts.AddOrGetAsync(NewPayout(session, interview));
        if (disputeThenWin)
        {
            var disputeId = Unique("dp");
            await stores.Payouts.ApplyDisputeAsync(new PaymentDispute(disputeId, session.Id, DisputeStatus.Open, Now));
            await stores.Payouts.ApplyDisputeAsync(new PaymentDispute(disputeId, session.Id, DisputeStatus.Won, Now));
        }

        await Pay(stores, interview.Id);
    }

    private async Task Pay(RetentionStores stores, InterviewId interviewId)
    {
        var paid = await stores.Payouts.TryTransitionAsync(
            new PayoutTransition(interviewId, PayoutStatus.Pending, PayoutStatus.Paid, Now) { ProviderTransferId = "tr_" + interviewId.Value });
        Assert.True(paid.Succeeded);
    }

    private Payout NewPayout(PaymentSession session, ScheduledInterview interview) => new()
    {
        InterviewId = interview.Id,
        SessionId = session.Id,
        InterviewerId = interview.InterviewerId,
        PlanId = session.PlanId,
        Amount = new Money(7_500, "USD"),
        Status = PayoutStatus.Pending,
        CompletedAt = Now,
        DueAt = Now,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static async Task<IReadOnlyList<OutboxItem>> LeaseOwnAsync(IOutboxStore outbox, string prefix, Duration? leaseFor = null)
    {
        // The store may hold other tests' due items: lease everything due, give back what is not ours.
        var leased = await outbox.LeaseAsync(10_000, leaseFor ?? Duration.FromMinutes(5));
        var ours = new List<OutboxItem>();
        foreach (var item in leased)
        {
            if (item.Message.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                ours.Add(item);
            }
            else
            {
                await outbox.ReturnLeaseAsync(item.Message.Key, item.LeaseToken!.Value);
            }
        }

        return ours;
    }
}
