using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Outbox;

/// <summary>Refunds to the end: every refund owed is written with the change that owes it and issued by the outbox worker, once.</summary>
public sealed class RefundDeliveryTests
{
    [Fact]
    public async Task A_wrong_amount_is_flagged_in_the_event_and_refunded_by_the_worker_what_was_captured()
    {
        await using var flow = new FlowFixture();
        var (started, _) = await flow.StartAndPayAsync();
        var wrong = flow.Gateway.CompleteCheckout(started.Session!.Id, amount: new Money(100, "USD"));

        var flagged = await flow.Events.ProcessAsync(wrong);
        var refundsInTheEvent = flow.Gateway.RefundCalls;
        await flow.DrainOutboxAsync();

        Assert.Equal(PaymentEventOutcome.RefundRequired, flagged.Outcome);
        Assert.Equal(0, refundsInTheEvent);
        var session = (await flow.Sessions.GetAsync(started.Session.Id))!;
        var refund = Assert.Single(flow.Gateway.Refunds);
        Assert.Equal(PaymentSessionStatus.Refunded, session.Status);
        Assert.Equal(new IssuedRefund(refund.Id, new Money(100, "USD"), refund.CreatedAt), session.IssuedRefund);
        Assert.Equal(SimulatedPaymentGateway.PaymentReferenceFor(session.Id), session.ProviderPaymentReference);
        Assert.Equal(session.Id + ":refund", refund.IdempotencyKey);
        var trail = await flow.Sessions.GetHistoryAsync(session.Id);
        Assert.Equal([PaymentSessionStatus.RefundRequired, PaymentSessionStatus.Refunded], trail.Select(h => h.To).TakeLast(2));
        Assert.Equal($"Refund {refund.Id} of {refund.Amount} issued.", trail[^1].Reason);
        Assert.Single(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.RefundRequired);
    }

    [Fact]
    public async Task A_refund_call_that_fails_is_retried_after_its_back_off_and_refunds_once()
    {
        await using var flow = new FlowFixture();
        var (started, _) = await flow.StartAndPayAsync();
        await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(started.Session!.Id, amount: new Money(100, "USD")));
        flow.Gateway.FailNextRefunds(1);

        await flow.DrainOutboxAsync();
        var afterFailure = (await flow.Sessions.GetAsync(started.Session.Id))!;
        var item = (await flow.Outbox.GetAsync(started.Session.Id + ":refund"))!;
        flow.Clock.Advance(Duration.FromMinutes(10));
        await flow.DrainOutboxAsync();

        Assert.Equal(PaymentSessionStatus.RefundRequired, afterFailure.Status);
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Contains("Simulated failure refunding", item.LastError, StringComparison.Ordinal);
        Assert.Equal(PaymentSessionStatus.Refunded, (await flow.Sessions.GetAsync(started.Session.Id))!.Status);
        Assert.Single(flow.Gateway.Refunds);
        Assert.Equal(2, flow.Gateway.RefundCalls);
    }

    [Fact]
    public async Task A_refund_made_before_a_crash_or_in_the_dashboard_is_recorded_not_made_again()
    {
        await using var flow = new FlowFixture();
        var (first, _) = await flow.StartAndPayAsync(FlowFixture.Request("candidate-crash"));
        var (second, _) = await flow.StartAndPayAsync(FlowFixture.Request("candidate-dashboard", Slot(Instant.FromUtc(2026, 6, 3, 14, 0))));
        await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(first.Session!.Id, amount: new Money(100, "USD")));
        await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(second.Session!.Id, amount: new Money(200, "USD")));
        // The first one's worker refunded, then died before marking it; an operator refunded the second at the provider.
        var earlier = await flow.Gateway.RefundAsync((await flow.Sessions.GetAsync(first.Session.Id))!, null, first.Session.Id + ":refund");
        var dashboard = flow.Gateway.RefundElsewhere(second.Session.Id, new Money(200, "USD"));

        await flow.DrainOutboxAsync();

        Assert.Equal(2, flow.Gateway.Refunds.Count);
        Assert.Equal(earlier.Id, (await flow.Sessions.GetAsync(first.Session.Id))!.IssuedRefund!.ProviderRefundId);
        var recorded = (await flow.Sessions.GetAsync(second.Session.Id))!;
        Assert.Equal(PaymentSessionStatus.Refunded, recorded.Status);
        Assert.Equal(dashboard.Id, recorded.IssuedRefund!.ProviderRefundId);
        Assert.Contains("found at the provider", recorded.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_refunds_what_the_policy_decided_and_one_without_a_refund_writes_none()
    {
        await using var flow = new FlowFixture(configureOptions: o => o.LateCancellationRefundPercent = 50);
        var early = await flow.BookAsync(FlowFixture.Request("candidate-early"));
        var late = await flow.BookAsync(FlowFixture.Request("candidate-late", Slot(Instant.FromUtc(2026, 6, 1, 14, 0))));
        await using var strict = new FlowFixture();
        var none = await strict.BookAsync(FlowFixture.Request("candidate-none", Slot(Instant.FromUtc(2026, 6, 1, 14, 0))));
        var changes = flow.Get<BookingChangeService>();

        await changes.CancelAsync(early.Id);
        await changes.CancelAsync(late.Id);
        await strict.Get<BookingChangeService>().CancelAsync(none.Id);
        await flow.DrainOutboxAsync();
        await strict.DrainOutboxAsync();

        var earlyRefund = (await flow.Sessions.GetAsync(early.Id))!;
        var lateRefund = (await flow.Sessions.GetAsync(late.Id))!;
        Assert.Equal(PaymentSessionStatus.Refunded, earlyRefund.Status);
        Assert.Equal(new Money(4900, "USD"), earlyRefund.IssuedRefund!.Amount);
        Assert.Equal(PaymentSessionStatus.Refunded, lateRefund.Status);
        Assert.Equal(new Money(2450, "USD"), lateRefund.IssuedRefund!.Amount);
        Assert.Equal(lateRefund.Refund!.Amount, lateRefund.IssuedRefund.Amount);
        Assert.Equal(PaymentSessionStatus.BookingCanceled, (await strict.Sessions.GetAsync(none.Id))!.Status);
        Assert.DoesNotContain(await strict.Outbox.ListBySessionAsync(none.Id), i => i.Message.Kind == OutboxKinds.Refund);
        Assert.Empty(strict.Gateway.Refunds);
    }

    [Fact]
    public async Task Operators_list_refunds_owed_and_refunded_by_age()
    {
        await using var flow = new FlowFixture();
        var (started, _) = await flow.StartAndPayAsync();
        await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(started.Session!.Id, amount: new Money(100, "USD")));
        flow.Clock.Advance(Duration.FromMinutes(1));
        var now = flow.Clock.GetCurrentInstant();

        var owed = await flow.Sessions.ListByStatusAsync(PaymentSessionStatus.RefundRequired, now, 10);
        await flow.DrainOutboxAsync();

        Assert.Equal([started.Session.Id], owed.Select(s => s.Id));
        Assert.Empty(await flow.Sessions.ListByStatusAsync(PaymentSessionStatus.RefundRequired, flow.Clock.GetCurrentInstant() + Duration.FromSeconds(1), 10));
        Assert.Equal([started.Session.Id], (await flow.Sessions.ListByStatusAsync(PaymentSessionStatus.Refunded, flow.Clock.GetCurrentInstant() + Duration.FromSeconds(1), 10)).Select(s => s.Id));
    }

    private static Interval Slot(Instant start) => new(start, start + Duration.FromMinutes(30));
}
