using System.Net;

namespace InterviewBooking.Stripe.Tests;

/// <summary>The success-page check, cancellation before payment and refunds: our server asking Stripe.</summary>
public sealed class StripeCheckoutServiceTests : IDisposable
{
    private readonly StripeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task The_success_page_retrieves_the_paid_checkout_and_books_before_the_webhook_arrives()
    {
        var session = await _fixture.StartAsync();
        var checkout = _fixture.Pay(session);

        var confirmed = await _fixture.Checkouts.ConfirmCheckoutAsync(session.ProviderReference!);
        var webhook = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);

        Assert.Equal(StripeWebhookStatus.Processed, confirmed.Status);
        Assert.Equal(PaymentEventOutcome.Booked, confirmed.Payment!.Outcome);
        Assert.Equal(BookingOutcome.Booked, confirmed.Payment.Booking!.Outcome);
        Assert.Equal(PaymentEventOutcome.Booked, webhook.Payment!.Outcome);
        Assert.Equal(BookingOutcome.AlreadyBooked, webhook.Payment.Booking!.Outcome);
        Assert.Single(_fixture.InterviewsFor(session));
        var retrieval = Assert.Single(_fixture.Api.RequestsTo("GET", "/v1/checkout/sessions/"));
        Assert.EndsWith(session.ProviderReference!, retrieval.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_success_page_of_an_open_checkout_changes_nothing_and_names_the_waiting_session()
    {
        var session = await _fixture.StartAsync();

        var result = await _fixture.Checkouts.ConfirmCheckoutAsync(session.ProviderReference!);

        Assert.Equal(StripeWebhookStatus.Ignored, result.Status);
        Assert.Equal(session.Id, result.SessionId); // so a return page can show the booking waiting for payment
        Assert.Equal(PaymentSessionStatus.Pending, (await _fixture.ReadAsync(session)).Status);
    }

    [Fact]
    public async Task The_success_page_with_an_unknown_checkout_id_fails_with_Stripe_s_answer()
    {
        var error = await Assert.ThrowsAsync<StripePaymentException>(() => _fixture.Checkouts.ConfirmCheckoutAsync("cs_test_made_up"));

        Assert.Equal(404, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.ErrorCode);
        Assert.Empty(_fixture.Scheduler.Interviews);
    }

    [Fact]
    public async Task Canceling_before_payment_expires_the_checkout_releases_the_hold_and_the_expired_event_then_changes_nothing()
    {
        var session = await _fixture.StartAsync();

        var canceled = await _fixture.Checkouts.CancelCheckoutAsync(session.Id);
        var expiredEvent = await _fixture.DeliverAsync(StripeCheckoutEvents.Expired, _fixture.CheckoutJson(session));

        Assert.Equal(StripeWebhookStatus.Processed, canceled.Status);
        Assert.Equal(PaymentEventOutcome.Released, canceled.Payment!.Outcome);
        var expire = Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/checkout/sessions/"));
        Assert.Equal($"/v1/checkout/sessions/{session.ProviderReference}/expire", expire.Path);
        Assert.Equal("interviewbooking-expire-" + session.Id, expire.Header("Idempotency-Key"));
        Assert.Equal("expired", _fixture.Api.Checkout(session.ProviderReference!).Status);
        Assert.Equal(PaymentSessionStatus.Canceled, (await _fixture.ReadAsync(session)).Status);
        Assert.Equal(ReservationStatus.Released, (await _fixture.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
        Assert.Equal(StripeWebhookStatus.Processed, expiredEvent.Status);
        Assert.Equal(PaymentEventOutcome.Ignored, expiredEvent.Payment!.Outcome);
    }

    [Fact]
    public async Task Canceling_a_checkout_that_was_paid_meanwhile_fulfills_it_instead()
    {
        var session = await _fixture.StartAsync();
        _fixture.Pay(session);

        var result = await _fixture.Checkouts.CancelCheckoutAsync(session.Id);

        Assert.Equal(StripeWebhookStatus.Processed, result.Status);
        Assert.Equal(PaymentEventOutcome.Booked, result.Payment!.Outcome);
        Assert.Equal(PaymentSessionStatus.Booked, (await _fixture.ReadAsync(session)).Status);
        Assert.Single(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task Canceling_when_Stripe_cannot_be_reached_changes_nothing()
    {
        var session = await _fixture.StartAsync();
        _fixture.Api.FailNext(HttpStatusCode.BadGateway);

        var error = await Assert.ThrowsAsync<StripePaymentException>(() => _fixture.Checkouts.CancelCheckoutAsync(session.Id));

        Assert.True(error.IsTransient);
        Assert.Equal(PaymentSessionStatus.Pending, (await _fixture.ReadAsync(session)).Status);
        Assert.Equal(ReservationStatus.Held, (await _fixture.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
    }

    [Fact]
    public async Task Canceling_a_booked_session_is_refused_with_a_reason()
    {
        var session = await _fixture.StartAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(session));

        var result = await _fixture.Checkouts.CancelCheckoutAsync(session.Id);

        Assert.Equal(StripeWebhookStatus.Ignored, result.Status);
        Assert.Contains("Booked", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_fixture.Api.RequestsTo("POST", "/v1/checkout/sessions/"));
    }

    [Fact]
    public async Task RefundAsync_refunds_a_flagged_session_once_and_reports_an_earlier_refund()
    {
        using var fixture = new StripeFixture();
        var (session, checkout) = await fixture.PayWrongAmountAsync();
        await fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);

        var refund = await fixture.Checkouts.RefundAsync(session.Id);
        var again = await fixture.Checkouts.RefundAsync(session.Id);

        Assert.Equal("succeeded", refund.Status);
        Assert.Equal("pi_" + session.ProviderReference, refund.PaymentIntentId);
        Assert.Equal(StripeRefundResult.AlreadyRefundedStatus, again.Status);
        Assert.Equal(refund.RefundId, again.RefundId);
        Assert.Equal(1, fixture.Api.RefundCount);

        // The worker's refund message then finds this refund at Stripe and records it.
        await fixture.DeliverRefundAsync(session);
        var refunded = await fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Refunded, refunded.Status);
        Assert.Equal(refund.RefundId, refunded.IssuedRefund!.ProviderRefundId);
        Assert.Equal(1, fixture.Api.RefundCount);
    }

    [Fact]
    public async Task A_payment_refunded_in_the_dashboard_is_reported_and_recorded_not_refunded_again()
    {
        using var fixture = new StripeFixture();
        var (session, checkout) = await fixture.PayWrongAmountAsync();
        await fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);
        var dashboard = fixture.Api.RefundInDashboard("pi_" + session.ProviderReference, 100);

        var refund = await fixture.Checkouts.RefundAsync(session.Id);
        await fixture.DeliverRefundAsync(session);

        Assert.Equal(StripeRefundResult.AlreadyRefundedStatus, refund.Status);
        Assert.Equal(dashboard.Id, refund.RefundId);
        Assert.Empty(fixture.Api.RequestsTo("POST", "/v1/refunds"));
        var refunded = await fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Refunded, refunded.Status);
        Assert.Equal(new IssuedRefund(dashboard.Id, new Money(100, "USD"), Instant.FromUnixTimeSeconds(dashboard.Created)), refunded.IssuedRefund);
    }

    [Fact]
    public async Task A_booking_canceled_under_the_policy_is_refunded_the_decided_amount()
    {
        var session = await _fixture.StartAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(session));
        var canceled = await _fixture.Get<BookingChangeService>().CancelAsync(session.Id, "candidate asked");
        Assert.Equal(PaymentSessionStatus.BookingCanceled, canceled.Session!.Status);
        Assert.Equal(100, canceled.Refund!.Percent);

        var refund = await _fixture.Checkouts.RefundAsync(session.Id);

        Assert.Equal("succeeded", refund.Status);
        var request = Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/refunds"));
        Assert.Equal("4900", request.Form("amount"));
        Assert.Equal("interviewbooking-refund-" + session.Id, request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task A_booking_canceled_late_with_no_refund_due_is_not_refunded()
    {
        var session = await _fixture.StartAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(session));
        _fixture.Clock.Advance((session.Slot!.Value.Start - _fixture.Clock.GetCurrentInstant()) - Duration.FromHours(1));
        var canceled = await _fixture.Get<BookingChangeService>().CancelAsync(session.Id, "candidate asked");
        Assert.Equal(0, canceled.Refund!.Percent);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Checkouts.RefundAsync(session.Id));

        Assert.Contains("no refund due", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fixture.Api.RequestsTo("POST", "/v1/refunds"));
    }

    [Fact]
    public async Task Only_a_flagged_or_canceled_session_is_refunded()
    {
        var session = await _fixture.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Checkouts.RefundAsync(session.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Checkouts.RefundAsync(PaymentSessionId.New()));
        Assert.Empty(_fixture.Api.RequestsTo("POST", "/v1/refunds"));
    }
}
