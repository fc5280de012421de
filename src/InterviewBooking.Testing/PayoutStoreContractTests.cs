using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IPayoutStore"/> must have, alone and under the real payout handlers, <see cref="DisputeService"/> and several
/// <see cref="OutboxDispatcher"/>s over the same adapter's outbox and payment session store: one payout per interview, compare-and-set changes
/// with an audit trail, disputes that hold, release and cancel atomically with the payout's creation, the hold-back, and a payout paid exactly
/// once under duplicate and concurrent worker runs. An adapter's test project subclasses this and implements <see cref="CreateStoresAsync"/>.
/// </summary>
public abstract class PayoutStoreContractTests : StoreContractTestBase
{
    private const string Plan = "standard-60";
    private static readonly Duration HoldBack = Duration.FromHours(72);
    private static readonly Money Rate = new(7_500, "USD"); // the plan's 7000 and the written feedback's 500; the recording adds nothing

    /// <summary>
    /// Creates the payout store under test with <paramref name="clock"/>, and the same adapter's outbox (empty: a store shared between tests is
    /// emptied first, since dispatchers lease every due item) and payment session store.
    /// </summary>
    /// <param name="clock">The stores' clock (a <see cref="NodaTime.Testing.FakeClock"/> the tests move).</param>
    protected abstract Task<(IPayoutStore Payouts, IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock);

    /// <summary>How many dispatchers (workers, as on as many host instances) drain the outbox at once. Default 3.</summary>
    protected virtual int Dispatchers => 3;

    /// <summary>Of concurrent records of one interview's payout, the first stays; every caller reads it back, and its trail starts once.</summary>
    [Fact]
    public async Task AddOrGetKeepsOnePayoutPerInterview()
    {
        var (payouts, _, _) = await CreateStoresAsync(Clock);
        var interviewId = InterviewId.New();
        var sessionId = PaymentSessionId.New();
        var results = await Concurrently.RunAsync(8, i => payouts.AddOrGetAsync(NewPayout(interviewId, sessionId) with { Amount = new Money(1_000 + i, "USD") }));

        Assert.Single(results.Select(r => r.Amount).Distinct());
        var stored = await payouts.GetAsync(interviewId);
        Assert.NotNull(stored);
        Assert.Equal(results[0], stored);
        Assert.Equal(PayoutStatus.Pending, stored.Status);
        Assert.Equal(1, stored.Version);
        Assert.Equal(Now + HoldBack, stored.DueAt);
        Assert.Equal(stored, await payouts.FindBySessionAsync(sessionId));
        var history = await payouts.GetHistoryAsync(interviewId);
        Assert.Equal([(null, PayoutStatus.Pending)], history.Select(h => ((PayoutStatus?)h.From, h.To)));
        Assert.Null(await payouts.GetAsync(InterviewId.New()));
        Assert.Null(await payouts.FindBySessionAsync(PaymentSessionId.New()));
        await Assert.ThrowsAsync<ArgumentException>(() => payouts.AddOrGetAsync(NewPayout(InterviewId.New(), sessionId) with { Status = PayoutStatus.Paid }));
    }

    /// <summary>Of concurrent compare-and-sets from one status exactly one wins; an illegal change or one without its provider id writes nothing.</summary>
    [Fact]
    public async Task TransitionsAreCompareAndSetWithAnAuditTrail()
    {
        var (payouts, _, _) = await CreateStoresAsync(Clock);
        var payout = await payouts.AddOrGetAsync(NewPayout(InterviewId.New(), PaymentSessionId.New()));

        var results = await Concurrently.RunAsync(8, i => payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Pending, PayoutStatus.Paid, Now) { Reason = "paid " + i, ProviderTransferId = "tr_" + i }));
        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results, r => Assert.Equal(winner.Payout, r.Payout));
        Assert.Equal(PayoutStatus.Paid, winner.Payout!.Status);
        Assert.Equal(2, winner.Payout.Version);
        Assert.Equal("tr_" + winner.Payout.StatusReason![5..], winner.Payout.ProviderTransferId);

        await Assert.ThrowsAsync<InvalidPayoutTransitionException>(() => payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Paid, PayoutStatus.Pending, Now)));
        await Assert.ThrowsAsync<ArgumentException>(() => payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Paid, PayoutStatus.Reversed, Now)));
        var stale = await payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Paid, PayoutStatus.Reversed, Now) { ExpectedVersion = 1, ProviderReversalId = "trr_1" });
        Assert.False(stale.Succeeded);
        Assert.Equal(PayoutStatus.Paid, stale.Payout!.Status);
        Assert.False((await payouts.TryTransitionAsync(new PayoutTransition(InterviewId.New(), PayoutStatus.Pending, PayoutStatus.Canceled, Now))).Succeeded);

        Clock.Advance(Duration.FromMinutes(1));
        var reversed = await payouts.TryTransitionAsync(
            new PayoutTransition(payout.InterviewId, PayoutStatus.Paid, PayoutStatus.Reversed, Now) { ExpectedVersion = 2, Reason = "lost", ProviderReversalId = "trr_1" });
        Assert.True(reversed.Succeeded);
        Assert.Equal(("trr_1", winner.Payout.ProviderTransferId, Now), (reversed.Payout!.ProviderReversalId, reversed.Payout.ProviderTransferId, reversed.Payout.UpdatedAt));
        var history = await payouts.GetHistoryAsync(payout.InterviewId);
        Assert.Equal(
            [(null, PayoutStatus.Pending), (PayoutStatus.Pending, PayoutStatus.Paid), (PayoutStatus.Paid, PayoutStatus.Reversed)],
            history.Select(h => ((PayoutStatus?)h.From, h.To)));
        Assert.Equal("lost", history[^1].Reason);
        Assert.Contains(await payouts.ListByStatusAsync(PayoutStatus.Reversed, 1000), p => p.InterviewId == payout.InterviewId);
    }

    /// <summary>An open dispute holds a pending payout, a won one releases it, a lost one cancels it; a closed dispute never reopens.</summary>
    [Fact]
    public async Task DisputesHoldReleaseAndCancel()
    {
        var (payouts, _, _) = await CreateStoresAsync(Clock);
        var won = await payouts.AddOrGetAsync(NewPayout(InterviewId.New(), PaymentSessionId.New()));
        var opened = await payouts.ApplyDisputeAsync(new PaymentDispute("dp_won", won.SessionId, DisputeStatus.Open, Now));
        Assert.True(opened.Changed);
        Assert.Equal(PayoutStatus.Held, opened.Payout!.Status);
        Assert.False((await payouts.ApplyDisputeAsync(new PaymentDispute("dp_won", won.SessionId, DisputeStatus.Open, Now))).Changed);
        var released = await payouts.ApplyDisputeAsync(new PaymentDispute("dp_won", won.SessionId, DisputeStatus.Won, Now));
        Assert.Equal((true, PayoutStatus.Pending, DisputeStatus.Won), (released.Changed, released.Payout!.Status, released.Dispute.Status));
        var late = await payouts.ApplyDisputeAsync(new PaymentDispute("dp_won", won.SessionId, DisputeStatus.Open, Now));
        Assert.Equal((false, PayoutStatus.Pending, DisputeStatus.Won), (late.Changed, late.Payout!.Status, late.Dispute.Status));
        Assert.Equal(
            [(null, PayoutStatus.Pending), (PayoutStatus.Pending, PayoutStatus.Held), (PayoutStatus.Held, PayoutStatus.Pending)],
            (await payouts.GetHistoryAsync(won.InterviewId)).Select(h => ((PayoutStatus?)h.From, h.To)));

        var lost = await payouts.AddOrGetAsync(NewPayout(InterviewId.New(), PaymentSessionId.New()));
        await payouts.ApplyDisputeAsync(new PaymentDispute("dp_lost", lost.SessionId, DisputeStatus.Open, Now));
        var canceled = await payouts.ApplyDisputeAsync(new PaymentDispute("dp_lost", lost.SessionId, DisputeStatus.Lost, Now));
        Assert.Equal(PayoutStatus.Canceled, canceled.Payout!.Status);
        Assert.Contains("dp_lost", canceled.Payout.StatusReason, StringComparison.Ordinal);
        Assert.Equal([DisputeStatus.Lost], (await payouts.ListDisputesAsync(lost.SessionId)).Select(d => d.Status));

        // A dispute of a session without a payout yet is kept; the payout recorded later starts held (open) or canceled (lost).
        var early = PaymentSessionId.New();
        Assert.Null((await payouts.ApplyDisputeAsync(new PaymentDispute("dp_early", early, DisputeStatus.Open, Now))).Payout);
        Assert.Equal(PayoutStatus.Held, (await payouts.AddOrGetAsync(NewPayout(InterviewId.New(), early))).Status);
        var gone = PaymentSessionId.New();
        await payouts.ApplyDisputeAsync(new PaymentDispute("dp_gone", gone, DisputeStatus.Lost, Now));
        Assert.Equal(PayoutStatus.Canceled, (await payouts.AddOrGetAsync(NewPayout(InterviewId.New(), gone))).Status);
        Assert.Empty(await payouts.ListDisputesAsync(PaymentSessionId.New()));
    }

    /// <summary>A payout recorded while its session's dispute opens is always held: the two never miss each other.</summary>
    [Fact]
    public async Task ADisputeRacingThePayoutsRecordAlwaysHoldsIt()
    {
        var (payouts, _, _) = await CreateStoresAsync(Clock);
        for (var round = 0; round < 20; round++)
        {
            var payout = NewPayout(InterviewId.New(), PaymentSessionId.New());
            var dispute = new PaymentDispute("dp_race_" + Guid.NewGuid().ToString("N"), payout.SessionId, DisputeStatus.Open, Now);
            await Concurrently.RunAsync(2, i => i == 0 ? payouts.AddOrGetAsync(payout).ContinueWith(_ => 0, TaskScheduler.Default) : payouts.ApplyDisputeAsync(dispute).ContinueWith(_ => 1, TaskScheduler.Default));
            Assert.Equal(PayoutStatus.Held, (await payouts.GetAsync(payout.InterviewId))!.Status);
        }
    }

    /// <summary>
    /// A completed interview is paid once its hold-back has passed, exactly once, though its completion is enqueued twice, several dispatchers
    /// drain at once, and a lease runs out mid-transfer so a second worker delivers the same item while the first is still at it.
    /// </summary>
    [Fact]
    public async Task ACompletedInterviewIsPaidExactlyOnceAfterTheHoldBack()
    {
        var host = await NewHostAsync();
        var session = await host.BookedAsync();
        var interviewId = session.InterviewId!.Value;
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, session, "first"));
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, session, "again")); // a repeat, as a redelivered transition writes
        await host.DrainAsync();

        var pending = await host.Payouts.GetAsync(interviewId);
        Assert.Equal((PayoutStatus.Pending, Rate, session.InterviewerId!.Value, Now + HoldBack), (pending!.Status, pending.Amount, pending.InterviewerId, pending.DueAt));
        Clock.Advance(HoldBack - Duration.FromTicks(1));
        await host.DrainAsync();
        Assert.Equal(0, host.Gateway.TransferCalls);

        // The first transfer takes longer than the lease: another worker leases the same item again and delivers it meanwhile.
        host.Gateway.DuringFirstTransfer = async () =>
        {
            Clock.Advance(Duration.FromMinutes(2));
            await host.DrainAsync();
        };
        Clock.Advance(Duration.FromTicks(1));
        await host.DrainAsync();

        var paid = await host.Payouts.GetAsync(interviewId);
        Assert.Equal(PayoutStatus.Paid, paid!.Status);
        var transfer = Assert.Single(host.Gateway.Transfers);
        Assert.Equal((transfer.Id, Rate), (paid.ProviderTransferId, transfer.Amount));
        Assert.True(host.Gateway.TransferCalls >= 2, $"the lease that ran out was delivered twice ({host.Gateway.TransferCalls} call(s))");
        Assert.Single(await host.Payouts.GetHistoryAsync(interviewId), h => h.To == PayoutStatus.Paid);
    }

    /// <summary>A failed transfer is retried by the worker with back-off and paid once it goes through.</summary>
    [Fact]
    public async Task AFailedTransferIsRetriedThroughTheWorker()
    {
        var host = await NewHostAsync();
        var session = await host.BookedAsync();
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, session, "1"));
        Clock.Advance(HoldBack);
        host.Gateway.FailNextTransfers(2);
        await host.DrainAsync();
        var item = await host.Outbox.GetAsync(session.InterviewId!.Value.Value + ":" + OutboxKinds.Payout);
        Assert.Equal((OutboxItemStatus.Pending, 1), (item!.Status, item.Attempts));
        Assert.Contains("outage", item.LastError, StringComparison.Ordinal);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Clock.Advance(Duration.FromHours(1));
            await host.DrainAsync();
        }

        Assert.Equal(PayoutStatus.Paid, (await host.Payouts.GetAsync(session.InterviewId!.Value))!.Status);
        Assert.Single(host.Gateway.Transfers);
        Assert.Equal(OutboxItemStatus.Completed, (await host.Outbox.GetAsync(item.Message.Key))!.Status);
    }

    /// <summary>A refunded interview never pays out: refunded when it completes, or refunded during its hold-back.</summary>
    [Fact]
    public async Task ARefundedInterviewIsNeverPaid()
    {
        var host = await NewHostAsync();
        var refunded = await host.BookedAsync(session => session with
        {
            Status = PaymentSessionStatus.Refunded,
            IssuedRefund = new IssuedRefund("re_1", new Money(11_500, "USD"), Now),
        });
        var canceledLater = await host.BookedAsync();
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, refunded, "1"));
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, canceledLater, "1"));
        await host.DrainAsync();
        Assert.Equal(PayoutStatus.Canceled, (await host.Payouts.GetAsync(refunded.InterviewId!.Value))!.Status);
        Assert.Equal(PayoutStatus.Pending, (await host.Payouts.GetAsync(canceledLater.InterviewId!.Value))!.Status);

        // Canceled with a refund owed while the payout waits out its hold-back.
        var moved = await host.Sessions.TryTransitionAsync(new PaymentSessionTransition(canceledLater.Id, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled, Now)
        {
            Refund = new RefundDecision(new Money(11_500, "USD"), 100, "operator"),
        });
        Assert.True(moved.Succeeded);
        Clock.Advance(HoldBack);
        await host.DrainAsync();

        Assert.Equal(PayoutStatus.Canceled, (await host.Payouts.GetAsync(canceledLater.InterviewId!.Value))!.Status);
        Assert.Equal(0, host.Gateway.TransferCalls);
    }

    /// <summary>An interviewer no-show cancels the payout, whether it comes first or after a completion was recorded.</summary>
    [Fact]
    public async Task AnInterviewerNoShowCancelsThePayout()
    {
        var host = await NewHostAsync();
        var absent = await host.BookedAsync();
        var completedThenAbsent = await host.BookedAsync();
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewInterviewerNoShow, absent, "1"));
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, completedThenAbsent, "1"));
        await host.DrainAsync();
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewInterviewerNoShow, completedThenAbsent, "1"));
        await host.DrainAsync();
        Clock.Advance(HoldBack);
        await host.DrainAsync();

        foreach (var session in new[] { absent, completedThenAbsent })
        {
            var payout = await host.Payouts.GetAsync(session.InterviewId!.Value);
            Assert.Equal(PayoutStatus.Canceled, payout!.Status);
            Assert.Contains("did not show", payout.StatusReason, StringComparison.Ordinal);
        }

        Assert.Equal(0, host.Gateway.TransferCalls);
    }

    /// <summary>A dispute holds the payout past its hold-back; won, it is paid once; lost, it is canceled and never paid.</summary>
    [Fact]
    public async Task ADisputeHoldsThePayoutUntilItCloses()
    {
        var host = await NewHostAsync();
        var won = await host.BookedAsync();
        var lost = await host.BookedAsync();
        foreach (var session in new[] { won, lost })
        {
            await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, session, "1"));
        }

        await host.DrainAsync();
        await host.Disputes.ApplyAsync(new PaymentDispute("dp_w_" + won.Id, won.Id, DisputeStatus.Open, Now));
        await host.Disputes.ApplyAsync(new PaymentDispute("dp_l_" + lost.Id, lost.Id, DisputeStatus.Open, Now));
        Clock.Advance(HoldBack + Duration.FromDays(10));
        await host.DrainAsync();
        Assert.Equal(PayoutStatus.Held, (await host.Payouts.GetAsync(won.InterviewId!.Value))!.Status);
        Assert.Equal(0, host.Gateway.TransferCalls);

        await host.Disputes.ApplyAsync(new PaymentDispute("dp_w_" + won.Id, won.Id, DisputeStatus.Won, Now));
        await host.Disputes.ApplyAsync(new PaymentDispute("dp_w_" + won.Id, won.Id, DisputeStatus.Won, Now)); // redelivered
        await host.Disputes.ApplyAsync(new PaymentDispute("dp_l_" + lost.Id, lost.Id, DisputeStatus.Lost, Now));
        await host.DrainAsync();

        Assert.Equal(PayoutStatus.Paid, (await host.Payouts.GetAsync(won.InterviewId!.Value))!.Status);
        Assert.Equal(PayoutStatus.Canceled, (await host.Payouts.GetAsync(lost.InterviewId!.Value))!.Status);
        Assert.Equal([won.InterviewId!.Value.Value + ":transfer"], host.Gateway.Transfers.Select(t => t.Id[3..]));
    }

    /// <summary>
    /// A free rebooking is paid by the original session's charge: a dispute of that charge (naming the original) holds the rebooking's
    /// payout, the interview that took place.
    /// </summary>
    [Fact]
    public async Task ADisputeOfARebookedSessionsChargeHoldsTheRebookingsPayout()
    {
        var host = await NewHostAsync();
        var original = await host.BookedAsync(s => s with { Status = PaymentSessionStatus.Rebooked });
        var rebooked = await host.BookedAsync(s => s with
        {
            Id = RebookingService.RebookedSessionId(original.Id),
            RebookedFrom = original.Id,
            ProviderPaymentReference = original.ProviderPaymentReference,
        });
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, rebooked, "1"));
        await host.DrainAsync();

        var opened = await host.Disputes.ApplyAsync(new PaymentDispute("dp_rb_" + original.Id, original.Id, DisputeStatus.Open, Now));
        Clock.Advance(HoldBack + Duration.FromDays(1));
        await host.DrainAsync();

        Assert.Equal(rebooked.Id, opened.Dispute.SessionId);
        Assert.Equal(PayoutStatus.Held, (await host.Payouts.GetAsync(rebooked.InterviewId!.Value))!.Status);
        Assert.Equal(0, host.Gateway.TransferCalls);
    }

    /// <summary>A dispute lost after the payout was paid reverses its transfer, once; an open one only flags the session.</summary>
    [Fact]
    public async Task ADisputeLostAfterPayingReversesTheTransfer()
    {
        var host = await NewHostAsync();
        var session = await host.BookedAsync();
        await host.Outbox.EnqueueAsync(Outcome(OutboxKinds.InterviewCompleted, session, "1"));
        Clock.Advance(HoldBack);
        await host.DrainAsync();
        var dispute = "dp_after_" + session.Id;
        var opened = await host.Disputes.ApplyAsync(new PaymentDispute(dispute, session.Id, DisputeStatus.Open, Now));
        Assert.Equal(PayoutStatus.Paid, opened.Payout!.Status);
        Assert.Equal([DisputeStatus.Open], (await host.Payouts.ListDisputesAsync(session.Id)).Select(d => d.Status));

        await host.Disputes.ApplyAsync(new PaymentDispute(dispute, session.Id, DisputeStatus.Lost, Now));
        await host.Disputes.ApplyAsync(new PaymentDispute(dispute, session.Id, DisputeStatus.Lost, Now));
        await host.DrainAsync();

        var reversed = await host.Payouts.GetAsync(session.InterviewId!.Value);
        Assert.Equal(PayoutStatus.Reversed, reversed!.Status);
        var reversal = Assert.Single(host.Gateway.Reversals);
        Assert.Equal((reversal.Id, reversed.ProviderTransferId), (reversed.ProviderReversalId, reversal.TransferId));
    }

    /// <summary>A completion of a plan without a payout rate, or with a malformed payload, is dead-lettered for an operator, not retried.</summary>
    [Fact]
    public async Task AnUnpayableCompletionIsDeadLettered()
    {
        var host = await NewHostAsync();
        var session = await host.BookedAsync(s => s with { PlanId = "no-rate" });
        var unknownPlan = Outcome(OutboxKinds.InterviewCompleted, session, "1", planId: "no-rate");
        var malformed = Outcome(OutboxKinds.InterviewCompleted, session, "2") with
        {
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = "{\"interviewId\": 5}" },
        };
        await host.Outbox.EnqueueAsync(unknownPlan);
        await host.Outbox.EnqueueAsync(malformed);
        await host.DrainAsync();

        var dead = await host.Outbox.ListDeadLetteredAsync(10);
        Assert.Equal([unknownPlan.Key, malformed.Key], dead.Select(i => i.Message.Key).Order(StringComparer.Ordinal));
        Assert.Contains(dead, i => i.LastError!.Contains("no payout rate", StringComparison.Ordinal));
        Assert.Null(await host.Payouts.GetAsync(session.InterviewId!.Value));
    }

    /// <summary>An interview outcome message as the lifecycle writes it: its payload as JSON under <see cref="OutboxDataKeys.Payload"/>.</summary>
    /// <param name="kind"><see cref="OutboxKinds.InterviewCompleted"/> or <see cref="OutboxKinds.InterviewInterviewerNoShow"/>.</param>
    /// <param name="session">A booked session.</param>
    /// <param name="discriminator">Makes the message key unique.</param>
    /// <param name="planId">The plan, when not the session's.</param>
    protected OutboxMessage Outcome(string kind, PaymentSession session, string discriminator, string? planId = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var payload = new JsonObject
        {
            ["interviewId"] = session.InterviewId!.Value.Value,
            ["paymentSessionId"] = session.Id.Value,
            ["interviewerId"] = session.InterviewerId!.Value.Value,
            ["planId"] = planId ?? session.PlanId,
            ["addOnIds"] = new JsonArray([.. session.AddOns.Select(a => (JsonNode)a.AddOnId)]),
            ["completedAt"] = NodaTime.Text.InstantPattern.ExtendedIso.Format(Now),
        };
        return new OutboxMessage($"{session.InterviewId!.Value.Value}:{kind}:{discriminator}", kind, Now)
        {
            SessionId = session.Id,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = payload.ToJsonString() },
        };
    }

    private Payout NewPayout(InterviewId interviewId, PaymentSessionId sessionId) => new()
    {
        InterviewId = interviewId,
        SessionId = sessionId,
        InterviewerId = new InterviewerId("interviewer-" + Guid.NewGuid().ToString("N")),
        PlanId = Plan,
        Amount = Rate,
        Status = PayoutStatus.Pending,
        CompletedAt = Now,
        DueAt = Now + HoldBack,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private async Task<PayoutHost> NewHostAsync()
    {
        var (payouts, outbox, sessions) = await CreateStoresAsync(Clock);
        var gateway = new RecordingPayoutGateway(Clock);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddSingleton(payouts);
        services.AddSingleton(outbox);
        services.AddSingleton(sessions);
        services.AddSingleton<IPayoutGateway>(gateway);
        services.AddOptions<OutboxWorkerOptions>().Configure(o =>
        {
            o.BatchSize = 2;
            o.LeaseDuration = Duration.FromMinutes(1);
            o.BackoffBase = Duration.FromMinutes(1);
        });
        new Builder(services).AddPayouts(o =>
        {
            o.HoldBack = HoldBack;
            o.Plans.Add(new PayoutRate { Id = Plan, AmountMinorUnits = 7_000 });
            o.AddOns.Add(new PayoutRate { Id = "written-feedback", AmountMinorUnits = 500 });
        });
        var provider = Track(services.BuildServiceProvider());
        var dispatchers = Enumerable.Range(0, Dispatchers).Select(_ => new OutboxDispatcher(
            outbox, provider.GetServices<IOutboxHandler>(), provider.GetRequiredService<IOptionsMonitor<OutboxWorkerOptions>>(), Clock)).ToArray();
        return new PayoutHost(payouts, outbox, sessions, gateway, provider.GetRequiredService<DisputeService>(), dispatchers, Clock);
    }

    private sealed class Builder(IServiceCollection services) : IInterviewBookingBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed record PayoutHost(
        IPayoutStore Payouts, IOutboxStore Outbox, IPaymentSessionStore Sessions, RecordingPayoutGateway Gateway, DisputeService Disputes,
        IReadOnlyList<OutboxDispatcher> Workers, IClock Clock)
    {
        /// <summary>A booked session with its interview and payment reference, as the lifecycle completes it.</summary>
        public Task<PaymentSession> BookedAsync(Func<PaymentSession, PaymentSession>? change = null)
        {
            var now = Clock.GetCurrentInstant();
            var session = PaymentSessionSamples.Pending(now) with
            {
                Status = PaymentSessionStatus.Booked,
                InterviewId = InterviewId.New(),
                ProviderPaymentReference = "pi_" + Guid.NewGuid().ToString("N"),
            };
            return Sessions.CreateAsync(change is null ? session : change(session));
        }

        /// <summary>Every worker leases and delivers at once, again until none finds anything due.</summary>
        public async Task DrainAsync()
        {
            for (var round = 0; round < 100; round++)
            {
                var leased = await Task.WhenAll(Workers.Select(w => Task.Run(() => w.RunOnceAsync())));
                if (leased.Sum() == 0)
                {
                    return;
                }
            }

            throw new InvalidOperationException("The outbox did not drain in 100 rounds.");
        }
    }
}
