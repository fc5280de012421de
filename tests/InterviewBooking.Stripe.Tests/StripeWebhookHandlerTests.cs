using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using InterviewBooking.Testing;

namespace InterviewBooking.Stripe.Tests;

/// <summary>Webhook deliveries signed like Stripe signs them, through the handler into the booking flow.</summary>
public sealed class StripeWebhookHandlerTests : IDisposable
{
    private readonly StripeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Instant Now => _fixture.Clock.GetCurrentInstant();

    [Fact]
    public async Task A_paid_completed_checkout_books_the_pre_matched_interviewer()
    {
        var session = await _fixture.StartAsync();

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(session));

        Assert.Equal(StripeWebhookStatus.Processed, result.Status);
        Assert.Equal(200, result.HttpStatusCode);
        Assert.Equal(PaymentEventOutcome.Booked, result.Payment!.Outcome);
        Assert.Equal(session.Id, result.SessionId);
        var interview = Assert.Single(_fixture.InterviewsFor(session));
        Assert.Equal(session.InterviewerId, interview.InterviewerId);
        var booked = await _fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Booked, booked.Status);
        Assert.Equal(interview.Id, booked.InterviewId);
        Assert.Equal(PaymentEventOutcome.Booked, (await _fixture.Get<IPaymentEventInbox>().FindAsync(result.EventId!))!.Outcome);
    }

    [Fact]
    public async Task A_hand_computed_HMAC_SHA256_signature_over_t_dot_body_is_accepted()
    {
        var (session, body) = await PaidCompletionAsync();
        var t = Now.ToUnixTimeSeconds();

        var result = await _fixture.Webhooks.HandleAsync(body, string.Create(CultureInfo.InvariantCulture, $"t={t},v1={StripeEvents.HandSignature(body, t)}"));

        Assert.Equal(StripeWebhookStatus.Processed, result.Status);
        Assert.Equal(PaymentEventOutcome.Booked, result.Payment!.Outcome);
    }

    [Fact]
    public async Task One_byte_changed_in_the_body_is_rejected_and_changes_nothing()
    {
        var (session, body) = await PaidCompletionAsync();
        var header = StripeEvents.Sign(body, Now);
        var tampered = body.Replace("\"amount_total\":4900", "\"amount_total\":4901", StringComparison.Ordinal);
        Assert.NotEqual(body, tampered);

        var result = await _fixture.Webhooks.HandleAsync(tampered, header);

        AssertRejected(StripeWebhookRejection.SignatureMismatch, result);
        await AssertUntouchedAsync(session);
    }

    [Fact]
    public async Task A_re_serialized_body_no_longer_matches_its_signature()
    {
        var (session, body) = await PaidCompletionAsync();
        var reserialized = JsonNode.Parse(body)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var result = await _fixture.Webhooks.HandleAsync(reserialized, StripeEvents.Sign(body, Now));

        AssertRejected(StripeWebhookRejection.SignatureMismatch, result);
    }

    [Fact]
    public async Task A_stale_timestamp_is_rejected_as_outside_the_tolerance()
    {
        var (session, body) = await PaidCompletionAsync();
        var header = StripeEvents.Sign(body, Now - Duration.FromMinutes(6));

        var result = await _fixture.Webhooks.HandleAsync(body, header);

        AssertRejected(StripeWebhookRejection.TimestampOutsideTolerance, result);
        await AssertUntouchedAsync(session);
    }

    [Fact]
    public async Task A_timestamp_within_the_tolerance_is_accepted()
    {
        var (session, body) = await PaidCompletionAsync();

        var result = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now - Duration.FromMinutes(4)));

        Assert.Equal(StripeWebhookStatus.Processed, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_or_empty_signature_header_is_a_clear_rejection(string? header)
    {
        var (session, body) = await PaidCompletionAsync();

        var result = await _fixture.Webhooks.HandleAsync(body, header);

        AssertRejected(StripeWebhookRejection.MissingSignature, result);
        Assert.Contains("Stripe-Signature", result.Detail, StringComparison.Ordinal);
        await AssertUntouchedAsync(session);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=,v1=")]
    [InlineData("v1=abcdef")]
    [InlineData("t=1780300800")]
    [InlineData("t=yesterday,v1=abcdef")]
    public async Task A_garbage_signature_header_is_rejected(string header)
    {
        var (session, body) = await PaidCompletionAsync();

        var result = await _fixture.Webhooks.HandleAsync(body, header);

        AssertRejected(StripeWebhookRejection.MalformedSignatureHeader, result);
    }

    [Fact]
    public async Task While_a_secret_is_rolled_either_v1_signature_may_be_the_valid_one()
    {
        var (session, body) = await PaidCompletionAsync();
        var t = Now.ToUnixTimeSeconds();
        var old = StripeEvents.HandSignature(body, t, "whsec_the_previous_secret");
        var current = StripeEvents.HandSignature(body, t);

        var onlyOld = await _fixture.Webhooks.HandleAsync(body, string.Create(CultureInfo.InvariantCulture, $"t={t},v1={old}"));
        var both = await _fixture.Webhooks.HandleAsync(body, string.Create(CultureInfo.InvariantCulture, $"t={t},v1={old},v1={current}"));

        AssertRejected(StripeWebhookRejection.SignatureMismatch, onlyOld);
        Assert.Equal(StripeWebhookStatus.Processed, both.Status);
        Assert.Equal(PaymentEventOutcome.Booked, both.Payment!.Outcome);
    }

    [Fact]
    public async Task An_event_rendered_for_another_API_version_is_rejected()
    {
        var session = await _fixture.StartAsync();
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, _fixture.Pay(session), apiVersion: "2020-08-27");

        var result = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now));

        AssertRejected(StripeWebhookRejection.UnsupportedApiVersion, result);
        Assert.Contains("2020-08-27", result.Detail, StringComparison.Ordinal);
        await AssertUntouchedAsync(session);
    }

    [Theory]
    [InlineData("{\"id\":\"evt_1\",")]
    [InlineData("[1,2,3]")]
    [InlineData("\"evt_1\"")]
    [InlineData("")]
    [InlineData("{\"object\":\"event\",\"type\":\"checkout.session.completed\"}")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":\"API\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"id\":\"cs_1\",\"object\":\"checkout.session\",\"amount_total\":\"lots\"}}}")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":\"API\",\"type\":\"checkout.session.completed\",\"data\":{}}")]
    public async Task A_signed_body_that_is_not_a_Stripe_event_is_rejected_as_malformed(string body)
    {
        body = body.Replace("\"API\"", "\"" + global::Stripe.StripeConfiguration.ApiVersion + "\"", StringComparison.Ordinal);

        var result = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now));

        AssertRejected(StripeWebhookRejection.MalformedPayload, result);
    }

    [Fact]
    public async Task An_event_type_the_flow_does_not_act_on_is_ignored_with_200()
    {
        var body = StripeEvents.Body("charge.refunded", new JsonObject { ["id"] = "ch_1", ["object"] = "charge" });

        var result = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now));

        Assert.Equal(StripeWebhookStatus.Ignored, result.Status);
        Assert.Equal(200, result.HttpStatusCode);
        Assert.Equal("charge.refunded", result.EventType);
    }

    [Fact]
    public async Task A_checkout_another_integration_created_is_ignored()
    {
        var checkout = new FakeCheckout { Id = "cs_test_foreign", Url = "https://checkout.stripe.test/x", Status = "complete", PaymentStatus = "paid", AmountTotal = 100 };

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout.ToJson());

        Assert.Equal(StripeWebhookStatus.Ignored, result.Status);
        Assert.Empty(_fixture.Scheduler.Interviews);
    }

    [Fact]
    public async Task An_event_for_a_session_not_known_yet_is_retry_later_and_processed_when_redelivered_after_it_exists()
    {
        var session = PaymentSessionSamples.Pending(Now) with { ExpiresAt = Now + StripeFixture.Hold };
        var hold = await _fixture.Reservations.TryHoldAsync(new HoldRequest(session.InterviewerId!.Value, session.Slot!.Value, session.Id.Value, session.ExpiresAt));
        session = session with { ReservationId = hold.Reservation!.Id };
        var checkout = new FakeCheckout { Id = "cs_test_early", Url = "https://checkout.stripe.test/early", Status = "complete", PaymentStatus = "paid", AmountTotal = session.Price.Total.MinorUnits, ClientReferenceId = session.Id.Value };
        checkout.Metadata["payment_session_id"] = session.Id.Value;
        checkout.Metadata["reservation_id"] = hold.Reservation.Id.Value;
        checkout.Metadata["interviewer_id"] = session.InterviewerId.Value.Value;
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, checkout.ToJson());

        var early = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now));
        await _fixture.Sessions.CreateAsync(session);
        var redelivered = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now));

        Assert.Equal(StripeWebhookStatus.RetryLater, early.Status);
        Assert.Equal(503, early.HttpStatusCode);
        Assert.True(early.ShouldRetry);
        Assert.Equal(StripeWebhookStatus.Processed, redelivered.Status);
        Assert.Equal(PaymentEventOutcome.Booked, redelivered.Payment!.Outcome);
    }

    [Theory]
    [InlineData("interviewer_id", "interviewer-mallory")]
    [InlineData("reservation_id", "res_someone_elses")]
    public async Task Metadata_that_disagrees_with_the_stored_session_is_rejected_and_the_stored_session_stands(string key, string value)
    {
        var session = await _fixture.StartAsync();
        var checkout = _fixture.Pay(session);
        checkout["metadata"]![key] = value;

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);

        AssertRejected(StripeWebhookRejection.InconsistentCheckout, result);
        Assert.Contains(key, result.Detail, StringComparison.Ordinal);
        await AssertUntouchedAsync(session);
    }

    [Fact]
    public async Task Metadata_naming_another_payment_session_than_client_reference_id_is_rejected()
    {
        var session = await _fixture.StartAsync();
        var other = await _fixture.StartAsync();
        var checkout = _fixture.Pay(session);
        checkout["metadata"]!["payment_session_id"] = other.Id.Value;

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);

        AssertRejected(StripeWebhookRejection.InconsistentCheckout, result);
        await AssertUntouchedAsync(session);
        await AssertUntouchedAsync(other);
    }

    [Fact]
    public async Task A_checkout_id_other_than_the_stored_one_is_rejected()
    {
        var session = await _fixture.StartAsync();
        var checkout = _fixture.Pay(session);
        checkout["id"] = "cs_test_not_ours";

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);

        AssertRejected(StripeWebhookRejection.InconsistentCheckout, result);
        await AssertUntouchedAsync(session);
    }

    [Fact]
    public async Task An_unpaid_completion_waits_and_the_async_success_books()
    {
        var session = await _fixture.StartAsync();

        var completed = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(session, "unpaid"));
        var processing = await _fixture.ReadAsync(session);
        var succeeded = await _fixture.DeliverAsync(StripeCheckoutEvents.AsyncPaymentSucceeded, _fixture.Pay(session, "paid"));

        Assert.Equal(PaymentEventOutcome.AwaitingPayment, completed.Payment!.Outcome);
        Assert.Equal(PaymentSessionStatus.Processing, processing.Status);
        Assert.Equal(PaymentEventOutcome.Booked, succeeded.Payment!.Outcome);
        Assert.Single(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task A_failed_async_payment_releases_the_hold()
    {
        var session = await _fixture.StartAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(session, "unpaid"));

        var failed = await _fixture.DeliverAsync(StripeCheckoutEvents.AsyncPaymentFailed, _fixture.CheckoutJson(session));

        Assert.Equal(StripeWebhookStatus.Processed, failed.Status);
        Assert.Equal(PaymentEventOutcome.Released, failed.Payment!.Outcome);
        Assert.Equal(PaymentSessionStatus.Failed, (await _fixture.ReadAsync(session)).Status);
        Assert.Equal(ReservationStatus.Released, (await _fixture.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
        Assert.Empty(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task An_expired_checkout_releases_the_hold()
    {
        var session = await _fixture.StartAsync();
        var checkout = _fixture.CheckoutJson(session);
        checkout["status"] = "expired";

        var expired = await _fixture.DeliverAsync(StripeCheckoutEvents.Expired, checkout);

        Assert.Equal(StripeWebhookStatus.Processed, expired.Status);
        Assert.Equal(PaymentEventOutcome.Released, expired.Payment!.Outcome);
        Assert.Equal(PaymentSessionStatus.Expired, (await _fixture.ReadAsync(session)).Status);
        Assert.Equal(ReservationStatus.Released, (await _fixture.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
    }

    [Fact]
    public async Task The_same_event_three_times_books_once()
    {
        var (session, body) = await PaidCompletionAsync();

        var results = new List<StripeWebhookResult>();
        for (var i = 0; i < 3; i++)
        {
            _fixture.Clock.Advance(Duration.FromSeconds(30));
            results.Add(await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now)));
        }

        Assert.Equal([StripeWebhookStatus.Processed, StripeWebhookStatus.Duplicate, StripeWebhookStatus.Duplicate], results.Select(r => r.Status));
        Assert.All(results, r => Assert.Equal(200, r.HttpStatusCode));
        Assert.All(results.Skip(1), r => Assert.Equal(session.Id, r.SessionId));
        Assert.Single(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task Two_distinct_events_of_one_session_delivered_concurrently_book_one_interview()
    {
        for (var round = 0; round < 8; round++)
        {
            var session = await _fixture.StartAsync();
            var checkout = _fixture.Pay(session);
            var bodies = new[]
            {
                StripeEvents.Body(StripeCheckoutEvents.Completed, checkout),
                StripeEvents.Body(StripeCheckoutEvents.AsyncPaymentSucceeded, checkout),
            };

            var results = await Concurrently.RunAsync(2, i => _fixture.Webhooks.HandleAsync(bodies[i], StripeEvents.Sign(bodies[i], Now)));
            for (var i = 0; i < 2; i++)
            {
                // Another worker booking the session right now is "deliver again", as Stripe would.
                for (var redelivery = 0; results[i].ShouldRetry && redelivery < 5; redelivery++)
                {
                    results[i] = await _fixture.Webhooks.HandleAsync(bodies[i], StripeEvents.Sign(bodies[i], Now));
                }
            }

            Assert.All(results, r => Assert.Equal(StripeWebhookStatus.Processed, r.Status));
            Assert.All(results, r => Assert.Equal(PaymentEventOutcome.Booked, r.Payment!.Outcome));
            var interview = Assert.Single(_fixture.InterviewsFor(session));
            Assert.Equal(session.InterviewerId, interview.InterviewerId);
        }
    }

    [Fact]
    public async Task A_wrong_amount_is_flagged_for_refund_in_the_webhook_and_refunded_once_by_the_worker_with_a_key_from_the_item()
    {
        var (session, checkout) = await _fixture.PayWrongAmountAsync();

        var first = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);
        var other = await _fixture.DeliverAsync(StripeCheckoutEvents.AsyncPaymentSucceeded, checkout);
        var refundsInWebhooks = _fixture.Api.RequestsTo("POST", "/v1/refunds").Count();
        await _fixture.DeliverRefundAsync(session);
        await _fixture.DeliverRefundAsync(session, attempts: 1); // a redelivery of the item

        Assert.Equal(PaymentEventOutcome.RefundRequired, first.Payment!.Outcome);
        Assert.Contains("does not equal", first.Payment.Detail, StringComparison.Ordinal);
        Assert.Equal(PaymentEventOutcome.RefundRequired, other.Payment!.Outcome);
        Assert.Empty(_fixture.InterviewsFor(session));
        Assert.Equal(0, refundsInWebhooks); // nothing but the state change runs inside a webhook
        var refunded = await _fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Refunded, refunded.Status);
        Assert.Equal("pi_" + session.ProviderReference, refunded.ProviderPaymentReference); // kept from the completed checkout
        Assert.Equal(1, _fixture.Api.RefundCount);
        var request = Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/refunds"));
        Assert.Equal(session.Id + ":refund", request.Header("Idempotency-Key"));
        Assert.Equal(session.Id + ":refund", request.Form("metadata[interviewbooking_refund_key]"));
        Assert.Equal("pi_" + session.ProviderReference, request.Form("payment_intent"));
        Assert.Equal(session.Id.Value, request.Form("metadata[payment_session_id]"));
        var refund = Assert.Single(_fixture.Api.Refunds);
        Assert.Equal(new IssuedRefund(refund.Id, new Money(100, "USD"), Instant.FromUnixTimeSeconds(refund.Created)), refunded.IssuedRefund); // what Stripe said it charged
        Assert.Equal("100", request.Form("amount"));
        Assert.Equal(
            [PaymentSessionStatus.RefundRequired, PaymentSessionStatus.Refunded],
            (await _fixture.Sessions.GetHistoryAsync(session.Id)).Select(h => h.To).TakeLast(2));
    }

    [Fact]
    public async Task Another_currency_is_flagged_for_refund()
    {
        var session = await _fixture.StartAsync();
        var checkout = _fixture.Pay(session);
        checkout["currency"] = "eur";

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Payment!.Outcome);
        Assert.Empty(_fixture.InterviewsFor(session));
    }

    [Fact]
    public async Task A_refund_that_fails_is_a_transient_failure_of_the_item_and_its_retry_refunds_once()
    {
        var (session, checkout) = await _fixture.PayWrongAmountAsync();
        var flagged = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);
        _fixture.Api.FailNext(HttpStatusCode.InternalServerError, path: "/v1/refunds");

        var failure = await Assert.ThrowsAsync<StripePaymentException>(() => _fixture.DeliverRefundAsync(session));
        var stillOwed = await _fixture.ReadAsync(session);
        await _fixture.DeliverRefundAsync(session, attempts: 1);

        Assert.Equal(StripeWebhookStatus.Processed, flagged.Status);
        Assert.True(failure.IsTransient);
        Assert.Equal(PaymentSessionStatus.RefundRequired, stillOwed.Status);
        Assert.Equal(PaymentSessionStatus.Refunded, (await _fixture.ReadAsync(session)).Status);
        Assert.Equal(1, _fixture.Api.RefundCount);
    }

    [Fact]
    public async Task A_refund_retried_after_Stripe_forgot_its_key_is_found_by_listing_not_made_twice()
    {
        var (session, checkout) = await _fixture.PayWrongAmountAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, checkout);
        // The first attempt refunded, then its host died before recording it; a day later Stripe no longer knows the key.
        _fixture.Api.FailWhen = r => r.Method == "POST" && r.Path == "/v1/refunds" && _fixture.Api.RefundCount > 0;
        await _fixture.Get<StripePaymentGateway>().RefundAsync(await _fixture.ReadAsync(session), null, session.Id + ":refund");
        _fixture.Clock.Advance(Duration.FromHours(25));

        await _fixture.DeliverRefundAsync(session, attempts: 1);

        Assert.Equal(PaymentSessionStatus.Refunded, (await _fixture.ReadAsync(session)).Status);
        Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/refunds"));
        Assert.Contains(_fixture.Api.Requests, r => r.Method == "GET" && r.Path == "/v1/refunds" && r.QueryValue("payment_intent") == "pi_" + session.ProviderReference);
    }

    [Fact]
    public async Task A_scheduler_failure_is_retry_later_and_the_redelivery_books_once()
    {
        var (session, body) = await PaidCompletionAsync();
        _fixture.Scheduler.FailNextSchedules(1);

        await AssertRetriedThenBookedOnceAsync(_fixture, session, body);
    }

    [Fact]
    public async Task An_inbox_that_cannot_be_read_is_retry_later_not_an_exception()
    {
        var inbox = new FlakyInbox(new InMemoryPaymentEventInbox()) { FindFailures = 1 };
        using var fixture = new StripeFixture(configureServices: services => services.AddSingleton<IPaymentEventInbox>(inbox));
        var session = await fixture.StartAsync();

        var untouched = await AssertRetriedThenBookedOnceAsync(fixture, session, StripeEvents.Body(StripeCheckoutEvents.Completed, fixture.Pay(session)));

        Assert.Equal(PaymentSessionStatus.Pending, untouched.Status); // the failed read changed nothing
    }

    [Fact]
    public async Task An_inbox_that_cannot_record_still_answers_what_was_done()
    {
        var inbox = new FlakyInbox(new InMemoryPaymentEventInbox()) { RecordFailures = 1 };
        using var fixture = new StripeFixture(configureServices: services => services.AddSingleton<IPaymentEventInbox>(inbox));
        var session = await fixture.StartAsync();
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, fixture.Pay(session));

        var first = await fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, fixture.Clock.GetCurrentInstant()));
        var redelivered = await fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, fixture.Clock.GetCurrentInstant()));

        Assert.Equal(StripeWebhookStatus.Processed, first.Status);
        Assert.Equal(PaymentEventOutcome.Booked, first.Payment!.Outcome);
        Assert.Equal(StripeWebhookStatus.Processed, redelivered.Status); // not recorded the first time: processed again, booked once
        Assert.Single(fixture.InterviewsFor(session));
        Assert.Equal(StripeWebhookStatus.Duplicate, (await fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, fixture.Clock.GetCurrentInstant()))).Status);
    }

    [Fact]
    public async Task A_late_unpaid_completion_after_the_booking_changes_nothing()
    {
        var session = await _fixture.StartAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.AsyncPaymentSucceeded, _fixture.Pay(session));
        var late = _fixture.CheckoutJson(session);
        late["payment_status"] = "unpaid";

        var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, late);

        Assert.Equal(StripeWebhookStatus.Processed, result.Status);
        Assert.Equal(PaymentEventOutcome.Ignored, result.Payment!.Outcome);
        Assert.Equal(PaymentSessionStatus.Booked, (await _fixture.ReadAsync(session)).Status);
        Assert.Single(_fixture.InterviewsFor(session));
    }

    /// <summary>The first delivery answers retry-later (503); the redelivery books, once. Returns the session as the first delivery left it.</summary>
    private static async Task<PaymentSession> AssertRetriedThenBookedOnceAsync(StripeFixture fixture, PaymentSession session, string body)
    {
        var failed = await fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, fixture.Clock.GetCurrentInstant()));
        var untouched = await fixture.ReadAsync(session);
        var redelivered = await fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, fixture.Clock.GetCurrentInstant()));

        Assert.Equal(StripeWebhookStatus.RetryLater, failed.Status);
        Assert.Equal(503, failed.HttpStatusCode);
        Assert.NotEqual(PaymentSessionStatus.Booked, untouched.Status);
        Assert.Equal(StripeWebhookStatus.Processed, redelivered.Status);
        Assert.Equal(PaymentEventOutcome.Booked, redelivered.Payment!.Outcome);
        Assert.Single(fixture.InterviewsFor(session));
        return untouched;
    }

    /// <summary>A started booking, paid at the fake, and the unsigned body of its completion event.</summary>
    private async Task<(PaymentSession Session, string Body)> PaidCompletionAsync()
    {
        var session = await _fixture.StartAsync();
        return (session, StripeEvents.Body(StripeCheckoutEvents.Completed, _fixture.Pay(session)));
    }

    private static void AssertRejected(StripeWebhookRejection expected, StripeWebhookResult result)
    {
        Assert.Equal(StripeWebhookStatus.Rejected, result.Status);
        Assert.Equal(expected, result.Rejection);
        Assert.Equal(400, result.HttpStatusCode);
        Assert.False(result.ShouldRetry);
        Assert.Null(result.Payment);
    }

    private async Task AssertUntouchedAsync(PaymentSession session)
    {
        var stored = await _fixture.ReadAsync(session);
        Assert.Equal(PaymentSessionStatus.Pending, stored.Status);
        Assert.Equal(session.InterviewerId, stored.InterviewerId);
        Assert.Equal(ReservationStatus.Held, (await _fixture.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
        Assert.Empty(_fixture.InterviewsFor(session));
        Assert.Equal(0, ((InMemoryPaymentEventInbox)_fixture.Get<IPaymentEventInbox>()).Count);
    }

    /// <summary>An inbox whose next reads or records fail, as a database that went away would.</summary>
    private sealed class FlakyInbox(IPaymentEventInbox inner) : IPaymentEventInbox
    {
        public int FindFailures { get; set; }

        public int RecordFailures { get; set; }

        public Task<ProcessedPaymentEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default) =>
            FindFailures-- > 0 ? throw new TimeoutException("inbox unreachable") : inner.FindAsync(eventId, cancellationToken);

        public Task<bool> TryRecordAsync(ProcessedPaymentEvent processed, CancellationToken cancellationToken = default) =>
            RecordFailures-- > 0 ? throw new TimeoutException("inbox unreachable") : inner.TryRecordAsync(processed, cancellationToken);
    }
}
