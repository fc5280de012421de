using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodaTime.Text;
using InterviewBooking.Sample.Web;
using InterviewBooking.Stress;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;

namespace InterviewBooking.LoadRun;

/// <summary>
/// The load: the stress marketplace's candidates, <see cref="LoadOptions.Concurrency"/> at a time, each starting a booking through
/// <c>POST /bookings</c> on a random instance (most after one of a few popular slots, so they race and the losers get a 409 and try another
/// slot), then doing at the fake Stripe what their fate says (pay, pay by bank debit that succeeds or fails, or abandon) and delivering each
/// event Stripe would send 1 or 2 times at once to random instances, each delivery signed afresh. Bounded by a count of start requests and
/// a wall-clock duration; every answer but a start's 201/200/409 and a delivery's 2xx is an error.
/// </summary>
internal sealed class LoadGenerator(
    Marketplace market, IReadOnlyList<LoadHost> hosts, FakeStripeApi stripe, IClock clock, PaymentWatch watch, Ledger ledger, LoadOptions options) : IDisposable
{
    public const int MaxStartAttempts = 3;
    public const int MaxDeliveryAttempts = 5;
    public const string StartKind = "start";
    public const string WebhookKind = "webhook";

    /// <summary>One candidate in this many double-clicks their first start: the same idempotency key on two instances at once.</summary>
    private const int DoubleClickEvery = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Random _random = new(options.Seed);
    private readonly Lock _randomGate = new();
    private int _requestsLeft;
    private bool _measuring;
    private int _retryLater;
    private int _events;
    private int _conflicts;
    private int _errorCount;

    public Latencies Latencies { get; } = new();

    public SimulationFigures Figures { get; } = new();

    /// <summary>Unexpected answers and failed requests (a few kept in <see cref="ErrorSamples"/>).</summary>
    public int Errors => Volatile.Read(ref _errorCount);

    public IReadOnlyList<string> ErrorSamples => [.. _errors.Take(10)];

    /// <summary>Measured starts answered 409: another candidate holds the slot (or the interviewers who fit are taken), as expected under the race.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>
    /// Deliveries answered 503 RetryLater: a copy that came while another copy was booking the same session, which Stripe delivers
    /// again (so does the generator, to a random instance, signed afresh, after a short pause).
    /// </summary>
    public int RetryLater => Volatile.Read(ref _retryLater);

    /// <summary>From the first measured request to the last answer.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>
    /// First a warm-up (the first <see cref="LoadOptions.Warmup"/> candidates, as many start requests at most, within 60 s, not timed: JIT,
    /// pools and caches), then the measured run over the others, bounded by <see cref="LoadOptions.Requests"/> start requests and
    /// <see cref="LoadOptions.Duration"/>. Deliveries follow the starts: at most 2 events a checkout, 2 copies each, 5 attempts a copy.
    /// </summary>
    public async Task RunAsync()
    {
        _requestsLeft = options.Warmup;
        await RunAsync(market.Candidates.Take(options.Warmup), TimeSpan.FromSeconds(60));
        _requestsLeft = options.Requests;
        _measuring = true;
        Elapsed = await RunAsync(market.Candidates.Skip(options.Warmup), options.Duration);
    }

    private async Task<TimeSpan> RunAsync(IEnumerable<Candidate> candidates, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (candidate, _) =>
        {
            if (Volatile.Read(ref _requestsLeft) <= 0 || stopwatch.Elapsed >= duration)
            {
                return;
            }

            try
            {
                await CandidateAsync(candidate, stopwatch, duration);
            }
#pragma warning disable CA1031 // A failure of the generator itself goes to the verdict's harness errors, never lost in a worker.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Figures.HarnessError($"{candidate.Id}: {exception}");
            }
        });
        return stopwatch.Elapsed;
    }

    private async Task CandidateAsync(Candidate candidate, Stopwatch stopwatch, TimeSpan duration)
    {
        for (var attempt = 0; attempt < MaxStartAttempts && stopwatch.Elapsed < duration; attempt++)
        {
            var slot = attempt == 0 ? market.Slots[candidate.PreferredSlot] : market.Slots[Draw(r => r.Next(market.Slots.Count))];
            var body = StartBody(candidate, slot, "load-" + attempt.ToString(CultureInfo.InvariantCulture));
            var clicks = attempt == 0 && candidate.Index % DoubleClickEvery == 0 ? 2 : 1;
            var tasks = new List<Task<(HttpStatusCode Status, string Body)>>();
            for (var click = 0; click < clicks; click++)
            {
                if (Interlocked.Decrement(ref _requestsLeft) < 0)
                {
                    break;
                }

                tasks.Add(StartAsync(AnyHost(), candidate, body));
            }

            if (tasks.Count == 0)
            {
                return;
            }

            var answers = await Task.WhenAll(tasks);
            Figures.Count(ref Figures.StartAttempts);
            var started = answers.Where(a => a.Status is HttpStatusCode.Created or HttpStatusCode.OK)
                .Select(a => JsonSerializer.Deserialize<StartedBooking>(a.Body, Json)!)
                .OrderByDescending(b => b.CheckoutUrl is not null)
                .FirstOrDefault();
            foreach (var answer in answers.Where(a => a.Status == HttpStatusCode.Conflict))
            {
                if (_measuring)
                {
                    Interlocked.Increment(ref _conflicts);
                }

                using var problem = JsonDocument.Parse(answer.Body);
                Figures.StartOutcome(Enum.Parse<BookingStartOutcome>(problem.RootElement.GetProperty("outcome").GetString()!));
            }

            if (started is not null)
            {
                ledger.Session(new PaymentSessionId(started.Id));
                if (started.CheckoutUrl is { } url)
                {
                    Figures.Count(ref Figures.CandidatesStarted);
                    Figures.Fate(candidate.Fate);
                    await CheckoutAsync(candidate, url.Segments[^1]);
                    return;
                }
            }

            if (answers.Any(a => a.Status is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict)))
            {
                return;
            }
        }

        Figures.Count(ref Figures.CandidatesGaveUp);
    }

    private async Task<(HttpStatusCode Status, string Body)> StartAsync(LoadHost host, Candidate candidate, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "/bookings")) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add(SampleWebApp.DemoCandidateHeader, candidate.Id.Value);
        var answer = await SendAsync(StartKind, request);
        if (answer.Status is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict))
        {
            Error($"start on instance {host.Index}: {(int)answer.Status} {answer.Body}");
        }

        return answer;
    }

    /// <summary>The candidate at the checkout, as their fate says; each event Stripe would send is delivered.</summary>
    private async Task CheckoutAsync(Candidate candidate, string checkoutId)
    {
        var now = clock.GetCurrentInstant().ToUnixTimeSeconds();
        switch (candidate.Fate)
        {
            case Fate.PaysAtOnce or Fate.PaysAtTheLastMinute:
                watch.Paid(candidate.Id);
                if (stripe.TryComplete(checkoutId, now) is not null)
                {
                    Figures.Count(ref Figures.Payments);
                    await EmitAsync(StripeCheckoutEvents.Completed, checkoutId);
                }

                break;
            case Fate.PaysLaterSucceeds or Fate.PaysLaterFails:
                watch.Paid(candidate.Id);
                if (stripe.TryComplete(checkoutId, now, "unpaid") is not null)
                {
                    Figures.Count(ref Figures.Payments);
                    await EmitAsync(StripeCheckoutEvents.Completed, checkoutId);
                    var succeeds = candidate.Fate == Fate.PaysLaterSucceeds;
                    stripe.Settle(checkoutId, succeeds);
                    await EmitAsync(succeeds ? StripeCheckoutEvents.AsyncPaymentSucceeded : StripeCheckoutEvents.AsyncPaymentFailed, checkoutId);
                }

                break;
            default:
                // Abandons: Stripe expires the checkout (here at once rather than when the hold ends) and says so.
                if (stripe.TryExpire(checkoutId))
                {
                    await EmitAsync(StripeCheckoutEvents.Expired, checkoutId);
                }

                break;
        }
    }

    /// <summary>An event Stripe sends: 1 or 2 copies at once, each to a random instance with its own signature.</summary>
    private async Task EmitAsync(string type, string checkoutId)
    {
        var eventId = string.Create(CultureInfo.InvariantCulture, $"evt_load_{Interlocked.Increment(ref _events):D7}");
        var body = StripeEvents.Body(type, stripe.CheckoutJson(checkoutId), eventId, clock.GetCurrentInstant());
        Figures.Emitted(type);
        var copies = Draw(r => r.NextDouble() < 0.3 ? 2 : 1);
        var delivered = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => DeliverAsync(body)));
        if (!delivered.Any(d => d))
        {
            Figures.Undelivered(eventId);
        }
    }

    /// <summary>Delivers one copy; a 503 RetryLater is delivered again (at most <see cref="MaxDeliveryAttempts"/> times), anything else but 2xx is an error.</summary>
    private async Task<bool> DeliverAsync(string body)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = AnyHost();
            Figures.Count(ref Figures.Deliveries);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, LoadHost.WebhookPath))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Stripe-Signature", Signature(body, clock));
            var answer = await SendAsync(WebhookKind, request);
            Figures.Answer(((int)answer.Status).ToString(CultureInfo.InvariantCulture));
            if ((int)answer.Status is >= 200 and < 300)
            {
                Figures.Answered(attempt);
                return true;
            }

            if (answer.Status == HttpStatusCode.ServiceUnavailable && attempt < MaxDeliveryAttempts
                && answer.Body.Contains("\"title\":\"RetryLater\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _retryLater);
                Figures.Count(ref Figures.Redeliveries);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
                continue;
            }

            Error($"webhook on instance {host.Index}: {(int)answer.Status} {answer.Body}");
            return false;
        }
    }

    /// <summary>
    /// The <c>Stripe-Signature</c> of one delivery: the HMAC of the body at the hosts' clock's time now, with the webhook secret. Made per
    /// delivery, as Stripe does: a copy re-sent with an old signature is refused once it is older than the tolerance.
    /// </summary>
    internal static string Signature(string body, IClock clock) => StripeEvents.Sign(body, clock.GetCurrentInstant());

    /// <summary>Sends and times one request; a request that fails or times out counts as status 0.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string kind, HttpRequestMessage request)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Record(kind, (int)response.StatusCode, started);
            return (response.StatusCode, text);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Record(kind, 0, started);
            return (0, exception.Message);
        }
    }

    private void Record(string kind, int status, long started)
    {
        if (_measuring)
        {
            Latencies.Record(kind, status, Stopwatch.GetElapsedTime(started));
        }
    }

    private static object StartBody(Candidate candidate, Interval slot, string idempotencyKey) => new
    {
        candidateName = candidate.Name,
        candidateEmail = candidate.Email,
        experienceYears = candidate.ExperienceYears,
        skillCategories = new[] { candidate.Category },
        skills = new[] { candidate.Skill },
        slotStart = InstantPattern.ExtendedIso.Format(slot.Start),
        timeZone = candidate.Zone.Id,
        planId = Marketplace.PlanId,
        idempotencyKey,
    };

    private void Error(string detail)
    {
        if (Interlocked.Increment(ref _errorCount) <= 10)
        {
            _errors.Enqueue(detail.Length > 300 ? detail[..300] : detail);
        }
    }

    public void Dispose() => _http.Dispose();

    private LoadHost AnyHost() => hosts[Draw(r => r.Next(hosts.Count))];

    private T Draw<T>(Func<Random, T> draw)
    {
        lock (_randomGate)
        {
            return draw(_random);
        }
    }

    /// <summary>What the generator reads of a started booking's answer.</summary>
    private sealed record StartedBooking(string Id, Uri? CheckoutUrl);
}
