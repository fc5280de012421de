using InterviewBooking.LoadRun;
using InterviewBooking.Stress;
using InterviewBooking.Stripe.Fakes;
using NodaTime.Testing;
using Stripe;

namespace InterviewBooking.Properties.Tests.LoadRun;

/// <summary>
/// The load generator's own arithmetic (its percentiles, its clock, the signature it makes for each webhook delivery), and a tiny run of the
/// whole thing in memory: the web sample on 127.0.0.1, driven over HTTP, judged by the stress verdict.
/// </summary>
public sealed class LoadRunSmokeTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_whatever_the_order()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        Assert.Equal(50, Latencies.Percentile(hundred, 50));
        Assert.Equal(99, Latencies.Percentile(hundred, 99)); // 0.99 * 100 rounds up to 100 in floating point; the rank must not
        Assert.Equal(100, Latencies.Percentile(hundred, 100));
        Assert.Equal(4, Latencies.Percentile([9, 1, 4, 7], 50));
        Assert.Equal(9, Latencies.Percentile([9, 1, 4, 7], 99));
        Assert.Equal(3, Latencies.Percentile([3], 1));
        Assert.True(double.IsNaN(Latencies.Percentile([], 50)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Latencies.Percentile(hundred, 0));
    }

    [Fact]
    public void Latencies_are_kept_per_kind_with_their_answers()
    {
        var latencies = new Latencies();
        latencies.Record("start", 201, TimeSpan.FromMilliseconds(2));
        latencies.Record("start", 409, TimeSpan.FromMilliseconds(4));
        latencies.Record("webhook", 200, TimeSpan.FromMilliseconds(1));

        Assert.Equal(["start", "webhook"], latencies.Kinds);
        Assert.Equal([2.0, 4.0], latencies.Of("start"));
        Assert.Equal(1, latencies.Answers[("start", 409)]);
    }

    [Fact]
    public void Each_delivery_is_signed_at_the_hosts_clock_and_an_old_signature_is_refused()
    {
        var real = new FakeClock(Instant.FromUtc(2026, 12, 1, 12, 0));
        var clock = new LoadClock(Marketplace.Start, real);
        Assert.Equal(Marketplace.Start, clock.GetCurrentInstant());
        real.Advance(Duration.FromSeconds(90));
        Assert.Equal(Marketplace.Start + Duration.FromSeconds(90), clock.GetCurrentInstant());

        const string body = "{\"id\":\"evt_load_0000001\",\"object\":\"event\"}";
        var signature = LoadGenerator.Signature(body, clock);
        const long tolerance = 300;
        EventUtility.ValidateSignature(body, signature, StripeEvents.Secret, tolerance, clock.GetCurrentInstant().ToUnixTimeSeconds());

        // Six minutes later the same header is outside the tolerance: a copy delivered then needs a signature of its own.
        real.Advance(Duration.FromMinutes(6));
        var now = clock.GetCurrentInstant().ToUnixTimeSeconds();
        Assert.Throws<StripeException>(() => EventUtility.ValidateSignature(body, signature, StripeEvents.Secret, tolerance, now));
        EventUtility.ValidateSignature(body, LoadGenerator.Signature(body, clock), StripeEvents.Secret, tolerance, now);
        Assert.Throws<StripeException>(() => EventUtility.ValidateSignature(body + " ", LoadGenerator.Signature(body, clock), StripeEvents.Secret, tolerance, now));
    }

    [Fact]
    public async Task A_tiny_run_in_memory_books_through_the_API_and_the_webhook_and_the_verdict_finds_nothing()
    {
        var output = new StringWriter();
        var options = new LoadOptions { Requests = 40, Warmup = 0, Concurrency = 4, Interviewers = 6, Duration = TimeSpan.FromSeconds(60) };

        var result = await LoadRunner.RunAsync(options, connection: null, output);

        Assert.True(result.Succeeded, output.ToString());
        Assert.Equal(40, result.Latencies.Of(LoadGenerator.StartKind).Count);
        Assert.Contains(result.Latencies.Answers, a => a.Key == (LoadGenerator.StartKind, 201));
        Assert.Contains(result.Latencies.Answers, a => a.Key == (LoadGenerator.WebhookKind, 200));
        Assert.True(result.Verdict.Booked > 0, output.ToString());
        Assert.Contains(result.Verdict.Invariants, i => i.Name == "notificationsLost");
        Assert.All(result.Verdict.Invariants, i => Assert.Equal(0, i.Violations));
    }
}
