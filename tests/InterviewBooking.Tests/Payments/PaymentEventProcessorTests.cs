using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Payments;

public sealed class PaymentEventProcessorTests
{
    [Fact]
    public async Task A_paid_checkout_books_the_pre_matched_interviewer_and_a_duplicate_changes_nothing()
    {
        await using var flow = new FlowFixture();
        var (started, paid) = await flow.StartAndPayAsync();

        var first = await flow.Events.ProcessAsync(paid);
        var duplicate = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.Booked, first.Outcome);
        Assert.Equal(BookingOutcome.Booked, first.Booking!.Outcome);
        Assert.Equal(PaymentEventOutcome.Booked, duplicate.Outcome);
        Assert.Equal(BookingOutcome.AlreadyBooked, duplicate.Booking!.Outcome);
        Assert.False(first.ShouldRetry);
        var interview = Assert.Single(flow.Scheduler.Interviews);
        Assert.Equal(started.Match!.Interviewer.Id, interview.InterviewerId);
        Assert.Equal(PaymentSessionStatus.Booked, first.Session!.Status);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_payment_book_one_interview()
    {
        await using var flow = new FlowFixture();
        var (_, paid) = await flow.StartAndPayAsync();
        var again = flow.Gateway.CompleteCheckout(paid.SessionId); // a distinct event id for the same payment

        var results = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => flow.Events.ProcessAsync(i % 2 == 0 ? paid : again))));

        Assert.Single(flow.Scheduler.Interviews);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { PaymentEventOutcome.Booked, PaymentEventOutcome.InProgress }));
        Assert.Equal(PaymentSessionStatus.Booked, (await flow.Sessions.GetAsync(paid.SessionId))!.Status);
    }

    [Fact]
    public async Task An_async_payment_waits_for_its_success_event()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var sessionId = started.Session!.Id;

        var completed = await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(sessionId, paid: false));
        Assert.Equal(PaymentEventOutcome.AwaitingPayment, completed.Outcome);
        Assert.Equal(PaymentSessionStatus.Processing, completed.Session!.Status);
        Assert.Empty(flow.Scheduler.Interviews);

        var succeeded = await flow.Events.ProcessAsync(flow.Gateway.SucceedAsyncPayment(sessionId));

        Assert.Equal(PaymentEventOutcome.Booked, succeeded.Outcome);
        Assert.Single(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task A_success_event_that_overtakes_the_completed_event_books_and_the_late_one_is_ignored()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var sessionId = started.Session!.Id;
        var late = flow.Gateway.CompleteCheckout(sessionId, paid: false);

        var succeeded = await flow.Events.ProcessAsync(flow.Gateway.SucceedAsyncPayment(sessionId));
        var stale = await flow.Events.ProcessAsync(late);

        Assert.Equal(PaymentEventOutcome.Booked, succeeded.Outcome);
        Assert.Equal(PaymentEventOutcome.Ignored, stale.Outcome);
        Assert.Equal(PaymentSessionStatus.Booked, stale.Session!.Status);
    }

    [Fact]
    public async Task A_failed_async_payment_releases_the_hold()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(started.Session!.Id, paid: false));

        var failed = await flow.Events.ProcessAsync(flow.Gateway.FailAsyncPayment(started.Session.Id));

        Assert.Equal(PaymentEventOutcome.Released, failed.Outcome);
        Assert.Equal(PaymentSessionStatus.Failed, failed.Session!.Status);
        Assert.Equal(ReservationStatus.Released, (await flow.Reservations.GetAsync(started.Reservation!.Id))!.Status);
    }

    [Fact]
    public async Task An_expired_checkout_frees_the_slot_for_the_next_candidate()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var expired = flow.Gateway.ExpireCheckout(started.Session!.Id);

        var result = await flow.Events.ProcessAsync(expired);
        var duplicate = await flow.Events.ProcessAsync(expired);

        Assert.Equal(PaymentEventOutcome.Released, result.Outcome);
        Assert.Equal(PaymentSessionStatus.Expired, result.Session!.Status);
        Assert.Equal(PaymentEventOutcome.Released, duplicate.Outcome);
        var next = await flow.Booking.StartAsync(FlowFixture.Request("candidate-2"));
        Assert.Equal(started.Session.InterviewerId, next.Session!.InterviewerId);
    }

    [Theory]
    [InlineData(100, "USD")]  // underpaid
    [InlineData(4900, "EUR")] // the right number in another currency
    public async Task A_payment_that_differs_from_the_price_is_flagged_for_refund_and_books_nothing(long minorUnits, string currency)
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var paid = flow.Gateway.CompleteCheckout(started.Session!.Id) with { AmountPaid = new Money(minorUnits, currency) };

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Equal(PaymentSessionStatus.RefundRequired, result.Session!.Status);
        Assert.Contains($"{minorUnits} {currency}", result.Session.StatusReason, StringComparison.Ordinal);
        Assert.Empty(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task A_payment_for_a_session_already_expired_is_flagged_for_refund()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        await flow.Events.ProcessAsync(flow.Gateway.ExpireCheckout(started.Session!.Id));

        var result = await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(started.Session.Id));

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Equal(PaymentSessionStatus.RefundRequired, result.Session!.Status);
        Assert.Empty(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task An_event_for_an_unknown_session_asks_for_redelivery()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var paid = flow.Gateway.CompleteCheckout(started.Session!.Id) with { SessionId = new PaymentSessionId("ps_not_yet_known") };

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.SessionNotFound, result.Outcome);
        Assert.True(result.ShouldRetry);
    }

    [Fact]
    public async Task An_event_naming_another_checkout_is_ignored()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var forged = flow.Gateway.CompleteCheckout(started.Session!.Id) with { ProviderReference = "cs_someone_elses" };

        var result = await flow.Events.ProcessAsync(forged);

        Assert.Equal(PaymentEventOutcome.Ignored, result.Outcome);
        Assert.Equal(PaymentSessionStatus.Pending, result.Session!.Status);
        Assert.Empty(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task A_coupon_is_counted_once_per_paid_session_and_never_past_its_limit()
    {
        await using var flow = new FlowFixture();
        var first = await flow.Booking.StartAsync(FlowFixture.Request("candidate-1") with { CouponCode = "ONCE" });
        var second = await flow.Booking.StartAsync(FlowFixture.Request("candidate-2") with { CouponCode = "ONCE" });
        var firstPaid = flow.Gateway.CompleteCheckout(first.Session!.Id);

        var a = await flow.Events.ProcessAsync(firstPaid);
        var aAgain = await flow.Events.ProcessAsync(firstPaid);

        // The first hold reserved the only use: the second start learns it before any checkout, and nothing of it is held.
        Assert.Equal(BookingStartOutcome.CouponExhausted, second.Outcome);
        Assert.Null(second.Session);
        Assert.Null(second.Reservation);
        Assert.Equal(PaymentEventOutcome.Booked, a.Outcome);
        Assert.Equal(PaymentEventOutcome.Booked, aAgain.Outcome);
        Assert.Equal(1, await flow.Get<ICouponRedemptionStore>().GetRedemptionCountAsync("ONCE"));
    }

    [Fact]
    public async Task A_payment_after_its_hold_and_coupon_use_ran_out_to_another_start_is_flagged_for_refund()
    {
        await using var flow = new FlowFixture();
        var late = await flow.Booking.StartAsync(FlowFixture.Request("candidate-1") with { CouponCode = "ONCE" });
        flow.Clock.Advance(Duration.FromHours(1));
        var taker = await flow.Booking.StartAsync(FlowFixture.Request("candidate-2") with { CouponCode = "ONCE" });

        var paidLate = await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(late.Session!.Id));

        Assert.Equal(BookingStartOutcome.Started, taker.Outcome);
        Assert.Equal(PaymentEventOutcome.RefundRequired, paidLate.Outcome);
        Assert.Contains("usage limit", paidLate.Session!.StatusReason, StringComparison.Ordinal);
        Assert.Equal(0, await flow.Get<ICouponRedemptionStore>().GetRedemptionCountAsync("ONCE"));
    }

    [Fact]
    public async Task A_paid_session_with_a_broken_snapshot_ends_flagged_for_refund()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        // Another writer broke the stored snapshot after the checkout opened.
        var broken = await flow.Sessions.CreateAsync(started.Session! with { Id = PaymentSessionId.New(), MatchedInterviewer = null, ProviderReference = null });
        var paid = flow.Gateway.CompleteCheckout(started.Session!.Id) with { SessionId = broken.Id, ProviderReference = null };

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Contains("No pre-matched interviewer found", result.Detail, StringComparison.Ordinal);
        Assert.Equal(PaymentSessionStatus.RefundRequired, result.Session!.Status);
        Assert.Empty(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task The_audit_trail_tells_the_whole_story_with_the_event_id()
    {
        await using var flow = new FlowFixture();
        var (started, paid) = await flow.StartAndPayAsync();

        await flow.Events.ProcessAsync(paid);
        var sessionTrail = await flow.Sessions.GetHistoryAsync(paid.SessionId);
        var holdTrail = await flow.Reservations.GetHistoryAsync(started.Reservation!.Id);

        Assert.Equal(
            [PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked],
            sessionTrail.Select(c => c.To));
        Assert.Equal(paid.EventId, sessionTrail[1].EventId);
        Assert.Equal([ReservationStatus.Held, ReservationStatus.Confirmed], holdTrail.Select(c => c.To));
    }
}
