using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Stripe.Tests;

/// <summary>The sweeper and the checkout-expiry handler against Stripe (the real Stripe.net client, the local fake): retrieve, expire, fulfill.</summary>
public sealed class StripeSweeperTests : IDisposable
{
    private readonly StripeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_pending_session_past_its_hold_is_expired_and_its_Checkout_Session_expired_at_Stripe_with_a_key_from_the_item()
    {
        var session = await _fixture.StartAsync();
        _fixture.Clock.Advance(StripeFixture.Hold + Duration.FromMinutes(1));

        var swept = await Sweeper().SweepAsync();
        await DeliverAsync(session, OutboxKinds.CheckoutExpiry);

        Assert.Equal(1, swept.Expired);
        Assert.Equal(PaymentSessionStatus.Expired, (await _fixture.ReadAsync(session)).Status);
        Assert.Equal("expired", _fixture.Api.Checkout(session.ProviderReference!).Status);
        var expire = Assert.Single(_fixture.Api.RequestsTo("POST", $"/v1/checkout/sessions/{session.ProviderReference}/expire"));
        Assert.Equal(session.Id + ":checkout-expiry", expire.Header("Idempotency-Key"));
        Assert.Contains(_fixture.Api.Requests, r => r.Method == "GET" && r.Path == $"/v1/checkout/sessions/{session.ProviderReference}"); // asked first
    }

    [Fact]
    public async Task A_session_paid_at_Stripe_whose_webhook_was_lost_is_booked_from_our_retrieval_with_its_PaymentIntent()
    {
        var session = await _fixture.StartAsync();
        _fixture.Pay(session); // Stripe's webhook never arrives
        _fixture.Clock.Advance(Duration.FromMinutes(11));

        var swept = await Sweeper().SweepAsync();

        Assert.Equal(1, swept.Fulfilled);
        var booked = await _fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Booked, booked.Status);
        Assert.Equal("pi_" + session.ProviderReference, booked.ProviderPaymentReference);
        Assert.Single(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task A_checkout_completed_before_its_expiry_reached_Stripe_is_refunded()
    {
        var session = await _fixture.StartAsync();
        _fixture.Clock.Advance(StripeFixture.Hold + Duration.FromMinutes(1));
        await Sweeper().SweepAsync();
        _fixture.Pay(session); // the candidate paid in the moment before the expiry call

        await DeliverAsync(session, OutboxKinds.CheckoutExpiry);
        await _fixture.DeliverRefundAsync(await _fixture.ReadAsync(session));

        var refunded = await _fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Refunded, refunded.Status);
        Assert.Equal(4900, Assert.Single(_fixture.Api.Refunds).Amount);
        Assert.Empty(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task An_event_for_a_session_never_stored_is_retried_only_within_the_window_then_answered_200()
    {
        var session = await _fixture.StartAsync();
        var checkout = _fixture.Pay(session);
        var unknown = PaymentSessionId.New().Value;
        checkout["client_reference_id"] = unknown;
        checkout["metadata"]!["payment_session_id"] = unknown;
        var now = _fixture.Clock.GetCurrentInstant();
        var young = StripeEvents.Body(StripeCheckoutEvents.Completed, checkout, created: now - Duration.FromMinutes(59));
        var old = StripeEvents.Body(StripeCheckoutEvents.Completed, checkout, created: now - Duration.FromMinutes(61));

        var retried = await _fixture.Webhooks.HandleAsync(young, StripeEvents.Sign(young, now));
        var ignored = await _fixture.Webhooks.HandleAsync(old, StripeEvents.Sign(old, now));

        Assert.Equal(503, retried.HttpStatusCode);
        Assert.Equal(StripeWebhookStatus.Ignored, ignored.Status);
        Assert.Equal(200, ignored.HttpStatusCode);
        Assert.Equal(PaymentEventOutcome.Ignored, ignored.Payment!.Outcome);
    }

    private PaymentSessionSweeper Sweeper() => ActivatorUtilities.CreateInstance<PaymentSessionSweeper>(_fixture.Services);

    private async Task DeliverAsync(PaymentSession session, string kind)
    {
        var item = (await _fixture.Get<IOutboxStore>().ListBySessionAsync(session.Id)).Single(i => i.Message.Kind == kind);
        await _fixture.Handler(kind).HandleAsync(item);
    }
}
