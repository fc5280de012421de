using System.Net;
using InterviewBooking.Stripe.Tests.Support;
using InterviewBooking.Testing;
using Stripe;

namespace InterviewBooking.Stripe.Tests;

/// <summary>Checkout creation through the real Stripe.net client: what goes over the wire, form-encoded.</summary>
public sealed class StripePaymentGatewayTests : IDisposable
{
    private readonly StripeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_checkout_carries_the_match_ids_the_price_and_the_hold_end()
    {
        var session = await _fixture.StartAsync();

        var request = Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/checkout/sessions"));
        Assert.Equal("payment", request.Form("mode"));
        Assert.Equal(session.Id.Value, request.Form("client_reference_id"));
        Assert.Equal("1", request.Form("line_items[0][quantity]"));
        Assert.Equal("4900", request.Form("line_items[0][price_data][unit_amount]"));
        Assert.Equal("usd", request.Form("line_items[0][price_data][currency]"));
        Assert.Equal("30-minute mock interview", request.Form("line_items[0][price_data][product_data][name]"));
        Assert.Single(request.FormFields, f => f.Key.StartsWith("line_items[", StringComparison.Ordinal) && f.Key.EndsWith("[quantity]", StringComparison.Ordinal));
        Assert.Equal(session.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Form("expires_at"));
        Assert.Equal((StripeFixture.Start + StripeFixture.Hold).ToUnixTimeSeconds(), long.Parse(request.Form("expires_at")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["card"], request.FormFields.Where(f => f.Key.StartsWith("allowed_payment_method_types[", StringComparison.Ordinal)).Select(f => f.Value));
        foreach (var prefix in new[] { "metadata", "payment_intent_data[metadata]" })
        {
            Assert.Equal(session.Id.Value, request.Form($"{prefix}[payment_session_id]"));
            Assert.Equal(session.ReservationId!.Value.Value, request.Form($"{prefix}[reservation_id]"));
            Assert.Equal(session.InterviewerId!.Value.Value, request.Form($"{prefix}[interviewer_id]"));
        }

        Assert.Equal(
            $"https://shop.example/bookings/{session.Id}/paid?checkout={{CHECKOUT_SESSION_ID}}",
            request.Form("success_url"));
        Assert.Equal($"https://shop.example/bookings/{session.Id}/canceled", request.Form("cancel_url"));
        Assert.Equal("interviewbooking-checkout-" + session.Id, request.Header("Idempotency-Key"));
        Assert.Equal("Bearer " + FakeStripeApi.ApiKey, request.Header("Authorization"));
        Assert.Equal(StripeConfiguration.ApiVersion, request.Header("Stripe-Version"));

        var checkout = _fixture.Api.Checkout(session.ProviderReference!);
        Assert.Equal(new Uri(checkout.Url), session.CheckoutUrl);
    }

    [Fact]
    public async Task Metadata_holds_exactly_three_ids_and_no_personal_data_goes_to_Stripe()
    {
        var session = await _fixture.StartAsync();

        var request = Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/checkout/sessions"));
        Assert.Equal(
            ["metadata[interviewer_id]", "metadata[payment_session_id]", "metadata[reservation_id]"],
            request.FormFields.Select(f => f.Key).Where(k => k.StartsWith("metadata[", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var personal = new[]
        {
            session.CandidateName, session.CandidateEmail, session.CandidateId.Value,
            session.MatchedInterviewer!.Name, session.MatchedInterviewer.Email, session.MatchedInterviewer.Company!,
        };
        foreach (var value in personal)
        {
            Assert.DoesNotContain(request.FormFields, f => f.Value.Contains(value, StringComparison.OrdinalIgnoreCase));
        }

        Assert.DoesNotContain(request.FormFields, f => f.Value.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_sends_identical_parameters_under_the_same_idempotency_key_and_gets_the_same_checkout()
    {
        var gateway = _fixture.Get<StripePaymentGateway>();
        var session = await StorePendingAsync();
        _fixture.Api.FailNext(HttpStatusCode.ServiceUnavailable);

        var failure = await Assert.ThrowsAsync<StripePaymentException>(() => gateway.CreateCheckoutAsync(session));
        var first = await gateway.CreateCheckoutAsync(session);
        var again = await gateway.CreateCheckoutAsync(session);

        Assert.True(failure.IsTransient);
        var requests = _fixture.Api.RequestsTo("POST", "/v1/checkout/sessions").ToList();
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Body).Distinct());
        Assert.Single(requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_Stripe_error_surfaces_as_StripePaymentException_with_Stripe_s_fields()
    {
        var gateway = _fixture.Get<StripePaymentGateway>();
        var session = await StorePendingAsync();
        _fixture.Api.FailNext(HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "Invalid integer: abc");

        var error = await Assert.ThrowsAsync<StripePaymentException>(() => gateway.CreateCheckoutAsync(session));

        Assert.Equal(400, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Equal("parameter_invalid_integer", error.ErrorCode);
        Assert.StartsWith("req_fake_", error.RequestId, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.IsType<StripeException>(error.InnerException);
        Assert.IsAssignableFrom<InterviewBookingException>(error);
    }

    [Fact]
    public async Task A_refused_checkout_releases_the_hold_and_cancels_the_session()
    {
        _fixture.Api.FailNext(HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_small", "Amount must be at least 50 cents.");

        var started = await _fixture.Get<BookingService>().StartAsync(StripeFixture.Request(_fixture.NextSlot()));

        Assert.Equal(BookingStartOutcome.CheckoutFailed, started.Outcome);
        Assert.Equal(PaymentSessionStatus.Canceled, started.Session!.Status);
        Assert.Equal(ReservationStatus.Released, (await _fixture.Reservations.GetAsync(started.Session.ReservationId!.Value))!.Status);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(24 * 60 + 1)]
    public async Task A_hold_ending_outside_Stripe_s_30_minutes_to_24_hours_is_refused_before_calling_Stripe(int minutes)
    {
        var gateway = _fixture.Get<StripePaymentGateway>();
        var session = await StorePendingAsync() with { ExpiresAt = _fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(minutes) };

        var error = await Assert.ThrowsAsync<InterviewBookingException>(() => gateway.CreateCheckoutAsync(session));

        Assert.Contains("must expire", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fixture.Api.Requests);
    }

    [Fact]
    public async Task A_session_that_is_not_pending_gets_no_checkout()
    {
        var gateway = _fixture.Get<StripePaymentGateway>();
        var session = await StorePendingAsync() with { Status = PaymentSessionStatus.Paid };

        await Assert.ThrowsAsync<ArgumentException>(() => gateway.CreateCheckoutAsync(session));
        Assert.Empty(_fixture.Api.Requests);
    }

    private async Task<PaymentSession> StorePendingAsync()
    {
        var now = _fixture.Clock.GetCurrentInstant();
        var session = PaymentSessionSamples.Pending(now) with { ExpiresAt = now + StripeFixture.Hold };
        return await _fixture.Sessions.CreateAsync(session);
    }
}
