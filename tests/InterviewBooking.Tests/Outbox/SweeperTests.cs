using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Outbox;

/// <summary>The sweeper finishes what no event finished, idempotently, one instance per change.</summary>
public sealed class SweeperTests
{
    [Fact]
    public async Task A_pending_session_past_its_hold_is_expired_its_hold_released_and_its_checkout_expired()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        var session = started.Session!;
        flow.Clock.Advance(Duration.FromMinutes(31));

        var first = await flow.Sweeper.SweepAsync();
        var again = await flow.Sweeper.SweepAsync();
        await flow.DrainOutboxAsync();

        Assert.Equal(new SweepResult(1, 0, 0, 0), first);
        Assert.Equal(new SweepResult(0, 0, 0, 0), again);
        var expired = (await flow.Sessions.GetAsync(session.Id))!;
        Assert.Equal(PaymentSessionStatus.Expired, expired.Status);
        Assert.False((await flow.Reservations.GetAsync(session.ReservationId!.Value))!.IsActiveAt(flow.Clock.GetCurrentInstant()));
        Assert.Equal(OutboxItemStatus.Completed, (await flow.Outbox.GetAsync(session.Id + ":checkout-expiry"))!.Status);
        Assert.Equal(CheckoutExpiryOutcome.AlreadyClosed, await flow.Gateway.ExpireCheckoutAsync(expired, "probe"));
    }

    [Fact]
    public async Task A_pending_session_paid_at_the_provider_whose_webhook_was_lost_is_booked()
    {
        await using var flow = new FlowFixture();
        var (started, _) = await flow.StartAndPayAsync(); // the event is never delivered
        flow.Clock.Advance(Duration.FromMinutes(11));

        var result = await flow.Sweeper.SweepAsync();

        Assert.Equal(new SweepResult(0, 1, 0, 0), result);
        var booked = (await flow.Sessions.GetAsync(started.Session!.Id))!;
        Assert.Equal(PaymentSessionStatus.Booked, booked.Status);
        Assert.Equal(started.Session.InterviewerId, booked.InterviewerId);
        Assert.Equal(SimulatedPaymentGateway.PaymentReferenceFor(booked.Id), booked.ProviderPaymentReference);
    }

    [Fact]
    public async Task A_stale_booking_claim_is_taken_over_and_a_fresh_one_left_alone()
    {
        await using var flow = new FlowFixture();
        var paid = await flow.StorePaidSessionAsync();
        var claimed = await flow.Sessions.TryTransitionAsync(
            new PaymentSessionTransition(paid.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, flow.Clock.GetCurrentInstant()));
        Assert.True(claimed.Succeeded);

        var fresh = await flow.Sweeper.SweepAsync();
        flow.Clock.Advance(Duration.FromMinutes(3));
        var stale = await flow.Sweeper.SweepAsync();

        Assert.Equal(new SweepResult(0, 0, 0, 0), fresh);
        Assert.Equal(new SweepResult(0, 0, 1, 0), stale);
        Assert.Equal(PaymentSessionStatus.Booked, (await flow.Sessions.GetAsync(paid.Id))!.Status);
    }

    [Fact]
    public async Task Sweepers_of_many_instances_expire_a_session_once()
    {
        await using var flow = new FlowFixture();
        var sessions = new List<PaymentSessionId>();
        for (var i = 0; i < 6; i++)
        {
            var slot = new Interval(Instant.FromUtc(2026, 6, 3, 13 + i, 0), Instant.FromUtc(2026, 6, 3, 13 + i, 30));
            sessions.Add((await flow.Booking.StartAsync(FlowFixture.Request($"candidate-{i}", slot))).Session!.Id);
        }

        flow.Clock.Advance(Duration.FromMinutes(31));
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => flow.Sweeper.SweepAsync())));

        Assert.Equal(6, results.Sum(r => r.Expired));
        foreach (var id in sessions)
        {
            Assert.Single(await flow.Sessions.GetHistoryAsync(id), h => h.To == PaymentSessionStatus.Expired);
        }
    }

    [Fact]
    public async Task A_checkout_paid_just_before_its_expiry_reached_the_provider_is_refunded()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());
        flow.Clock.Advance(Duration.FromMinutes(31));
        // The sweeper expires the session; the candidate pays before the expiry message reaches the provider.
        var swept = await flow.Sweeper.SweepAsync();
        flow.Gateway.CompleteCheckout(started.Session!.Id);

        await flow.DrainOutboxAsync();

        Assert.Equal(1, swept.Expired);
        var session = (await flow.Sessions.GetAsync(started.Session.Id))!;
        Assert.Equal(PaymentSessionStatus.Refunded, session.Status);
        Assert.Single(flow.Gateway.Refunds);
    }
}
