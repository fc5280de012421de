using System.Net;
using InterviewBooking.InMemory;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewBooking.Properties.Tests.Security;

/// <summary>
/// Secrets stay secret and personal data stays home: through bookings, refunds, forged and stale webhooks, Stripe outages and scheduler and
/// inbox failures, no log entry, exception or webhook answer carries the API key, the webhook secret or a signature, and neither the logs
/// nor anything sent to Stripe carries a name or an email address.
/// </summary>
public sealed class SecretsAndPersonalDataTests : IDisposable
{
    private const string WebhookSecret = StripeEvents.Secret;
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FlakyInbox _inbox = new();
    private readonly StripeFixture _fixture;

    public SecretsAndPersonalDataTests() =>
        _fixture = new StripeFixture(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
            services.AddSingleton<IPaymentEventInbox>(_inbox);
        });

    public void Dispose() => _fixture.Dispose();

    private static IEnumerable<string> PersonalData =>
        StripeFixture.Interviewers.SelectMany(i => new[] { i.Name, i.Email })
            .Concat([StripeFixture.Request(default).CandidateName, StripeFixture.Request(default).CandidateEmail]);

    [Fact]
    public async Task No_secret_or_personal_data_reaches_logs_errors_answers_or_Stripe()
    {
        var answers = new List<StripeWebhookResult>();
        var errors = new List<Exception>();
        var signatures = new List<string>();
        var now = _fixture.Clock.GetCurrentInstant();

        async Task DeliverAsync(string type, System.Text.Json.Nodes.JsonObject checkout, Func<string, string>? sign = null)
        {
            var body = StripeEvents.Body(type, checkout, created: now);
            var header = (sign ?? (b => StripeEvents.Sign(b, now)))(body);
            signatures.AddRange(header.Split(',').Where(p => p.StartsWith("v1=", StringComparison.Ordinal)).Select(p => p[3..]));
            answers.Add(await _fixture.Webhooks.HandleAsync(body, header));
        }

        // Booked; booked again from a redelivery; refunded for a wrong amount, with the refund failing first.
        var booked = await _fixture.StartAsync();
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(booked));
        var (wrong, wrongCheckout) = await _fixture.PayWrongAmountAsync();
        _fixture.Api.FailNext(HttpStatusCode.InternalServerError, path: "/v1/refunds");
        await DeliverAsync(StripeCheckoutEvents.Completed, wrongCheckout);
        await DeliverAsync(StripeCheckoutEvents.Completed, wrongCheckout);

        // Forged, stale and wrongly signed deliveries.
        var open = await _fixture.StartAsync();
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(open), _ => $"t={now.ToUnixTimeSeconds()},v1={new string('a', 64)}");
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.CheckoutJson(open), b => StripeEvents.Sign(b, now - Duration.FromHours(1)));
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.CheckoutJson(open), b => StripeEvents.Sign(b, now, "whsec_someone_elses"));

        // A scheduler failure and an inbox failure, then the redeliveries that finish the work.
        _fixture.Scheduler.FailNextSchedules(1);
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.CheckoutJson(open));
        _inbox.FailNext = true;
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.CheckoutJson(open));
        await DeliverAsync(StripeCheckoutEvents.Completed, _fixture.CheckoutJson(open));

        // Stripe down while a checkout is created, and while one is retrieved.
        _fixture.Api.FailNext(HttpStatusCode.ServiceUnavailable, message: "Stripe is having a bad day.");
        var failed = await _fixture.Get<BookingService>().StartAsync(StripeFixture.Request(_fixture.NextSlot(), "candidate-dana"));
        Assert.Equal(BookingStartOutcome.CheckoutFailed, failed.Outcome);
        _fixture.Api.FailNext(HttpStatusCode.Unauthorized, type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****_key");
        errors.Add(await Assert.ThrowsAsync<StripePaymentException>(() => _fixture.Checkouts.ConfirmCheckoutAsync(booked.ProviderReference!)));

        Assert.Equal(PaymentSessionStatus.Booked, (await _fixture.ReadAsync(booked)).Status);
        Assert.Equal(PaymentSessionStatus.Booked, (await _fixture.ReadAsync(open)).Status);
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await _fixture.ReadAsync(wrong)).Status);
        Assert.Contains(_logs.Entries, e => e.Exception is not null); // the failures above were logged with their exceptions

        var secrets = new[] { FakeStripeApi.ApiKey, WebhookSecret }.Concat(signatures).ToArray();
        var logged = _logs.AllText();
        var answered = string.Join(Environment.NewLine, answers.Select(a => $"{a.Detail} {a.Payment?.Detail}").Append(failed.Reason));
        var thrown = string.Join(Environment.NewLine, errors.Select(e => e.ToString()));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, answered, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, thrown, StringComparison.Ordinal);
        }

        var sentToStripe = string.Join(Environment.NewLine, _fixture.Api.Requests.Select(r => Uri.UnescapeDataString(r.Body.Replace('+', ' '))));
        foreach (var personal in PersonalData)
        {
            Assert.DoesNotContain(personal, logged, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(personal, sentToStripe, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Stripe_metadata_holds_our_ids_and_nothing_else()
    {
        var session = await _fixture.StartAsync();

        var request = Assert.Single(_fixture.Api.RequestsTo("POST", "/v1/checkout/sessions"));
        var metadata = request.FormFields
            .Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) || f.Key.StartsWith("payment_intent_data[metadata][", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(6, metadata.Length);
        Assert.All(metadata, field => Assert.Contains(
            field.Value,
            new[] { session.Id.Value, session.ReservationId!.Value.Value, session.InterviewerId!.Value.Value }));
    }

    /// <summary>An inbox that fails the next read when told to, as a database that went away would.</summary>
    private sealed class FlakyInbox : IPaymentEventInbox
    {
        private readonly InMemoryPaymentEventInbox _inner = new();

        public bool FailNext { get; set; }

        public Task<ProcessedPaymentEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new TimeoutException("inbox unreachable");
            }

            return _inner.FindAsync(eventId, cancellationToken);
        }

        public Task<bool> TryRecordAsync(ProcessedPaymentEvent processed, CancellationToken cancellationToken = default) =>
            _inner.TryRecordAsync(processed, cancellationToken);
    }
}
