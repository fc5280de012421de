using InterviewBooking.Testing;
using NodaTime.Testing;

namespace InterviewBooking.InMemory.Tests;

public sealed class SimulatedPaymentGatewayTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 6, 9, 8, 0));
    private readonly SimulatedPaymentGateway _gateway;

    public SimulatedPaymentGatewayTests() => _gateway = new SimulatedPaymentGateway(_clock);

    [Fact]
    public async Task Checkout_reference_is_deterministic_per_session()
    {
        var session = PaymentSessionSamples.Pending(_clock.GetCurrentInstant(), id: new PaymentSessionId("ps_42"));

        var first = await _gateway.CreateCheckoutAsync(session);
        _clock.Advance(Duration.FromMinutes(1));
        var again = await _gateway.CreateCheckoutAsync(session);
        var other = await _gateway.CreateCheckoutAsync(PaymentSessionSamples.Pending(_clock.GetCurrentInstant(), id: new PaymentSessionId("ps_43")));

        Assert.Equal("cs_sim_ps_42", first.ProviderReference);
        Assert.Equal(new Uri("https://checkout.invalid/cs_sim_ps_42"), first.RedirectUrl);
        Assert.Equal(first, again);
        Assert.Equal("cs_sim_ps_43", other.ProviderReference);
        Assert.Equal(SimulatedPaymentGateway.ReferenceFor(session.Id), first.ProviderReference);
        Assert.Equal(3, _gateway.CreateCheckoutCalls);
        Assert.Equal(["ps_42", "ps_43"], _gateway.Checkouts.Select(c => c.SessionId.Value));
        var recorded = _gateway.FindCheckout(session.Id)!;
        Assert.Equal(session.Price.Total, recorded.Amount);
        Assert.Equal(Instant.FromUtc(2025, 6, 9, 8, 0), recorded.CreatedAt);
    }

    [Fact]
    public async Task Fail_next_checkouts_fails_exactly_that_many_then_recovers()
    {
        var session = PaymentSessionSamples.Pending(_clock.GetCurrentInstant());
        _gateway.FailNextCheckouts(2);

        await Assert.ThrowsAsync<SimulatedFailureException>(() => _gateway.CreateCheckoutAsync(session));
        Assert.Equal(1, _gateway.PendingFailures);
        await Assert.ThrowsAsync<SimulatedFailureException>(() => _gateway.CreateCheckoutAsync(session));
        Assert.Null(_gateway.FindCheckout(session.Id));

        var checkout = await _gateway.CreateCheckoutAsync(session);

        Assert.Equal(SimulatedPaymentGateway.ReferenceFor(session.Id), checkout.ProviderReference);
        Assert.Single(_gateway.Checkouts);
        Assert.Throws<ArgumentOutOfRangeException>(() => _gateway.FailNextCheckouts(-1));
    }

    [Fact]
    public async Task Concurrent_failures_fail_exactly_the_requested_count()
    {
        _gateway.FailNextCheckouts(10);
        var results = await Concurrently.RunAsync(40, async i =>
        {
            try
            {
                await _gateway.CreateCheckoutAsync(PaymentSessionSamples.Pending(_clock.GetCurrentInstant()));
                return true;
            }
            catch (SimulatedFailureException)
            {
                return false;
            }
        });

        Assert.Equal(10, results.Count(ok => !ok));
        Assert.Equal(30, _gateway.Checkouts.Count);
    }

    [Fact]
    public async Task Checkout_only_for_a_pending_session()
    {
        var paid = PaymentSessionSamples.Pending(_clock.GetCurrentInstant()) with { Status = PaymentSessionStatus.Paid };

        await Assert.ThrowsAsync<ArgumentException>(() => _gateway.CreateCheckoutAsync(paid));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _gateway.CreateCheckoutAsync(null!));
    }

    [Fact]
    public async Task Events_carry_the_checkout_amount_reference_and_time()
    {
        var session = PaymentSessionSamples.Pending(_clock.GetCurrentInstant());
        await _gateway.CreateCheckoutAsync(session);
        _clock.Advance(Duration.FromMinutes(7));

        var completed = _gateway.CompleteCheckout(session.Id);
        var started = _gateway.CompleteCheckout(session.Id, paid: false);
        var succeeded = _gateway.SucceedAsyncPayment(session.Id);
        var failed = _gateway.FailAsyncPayment(session.Id);
        var expired = _gateway.ExpireCheckout(session.Id);
        var wrong = _gateway.CompleteCheckout(session.Id, amount: new Money(1, "USD"));

        Assert.Equal(PaymentEventKind.CheckoutCompleted, completed.Kind);
        Assert.True(completed.IsPaid);
        Assert.False(started.IsPaid);
        Assert.Equal(PaymentEventKind.AsyncPaymentSucceeded, succeeded.Kind);
        Assert.True(succeeded.IsPaid);
        Assert.Equal(PaymentEventKind.AsyncPaymentFailed, failed.Kind);
        Assert.Equal(PaymentEventKind.CheckoutExpired, expired.Kind);
        PaymentEvent[] all = [completed, started, succeeded, failed, expired];
        Assert.All(all, e =>
        {
            Assert.Equal(session.Id, e.SessionId);
            Assert.Equal(SimulatedPaymentGateway.ReferenceFor(session.Id), e.ProviderReference);
            Assert.Equal(new Money(11_500, "USD"), e.AmountPaid);
            Assert.Equal(_clock.GetCurrentInstant(), e.OccurredAt);
        });
        Assert.Equal(new Money(1, "USD"), wrong.AmountPaid);
        Assert.Equal(6, all.Append(wrong).Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Events_for_a_session_without_checkout_throw_a_clear_error()
    {
        var unknown = new PaymentSessionId("ps_never");

        var error = Assert.Throws<InvalidOperationException>(() => _gateway.CompleteCheckout(unknown));

        Assert.Contains("ps_never", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => _gateway.SucceedAsyncPayment(unknown));
        Assert.Throws<InvalidOperationException>(() => _gateway.FailAsyncPayment(unknown));
        Assert.Throws<InvalidOperationException>(() => _gateway.ExpireCheckout(unknown));
    }
}
