using BenchmarkDotNet.Attributes;
using InterviewBooking.Benchmarks.MillionRows;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Webhook → booked on PostgreSQL (<see cref="PaymentEventProcessor.ProcessAsync"/> of a verified "paid" event: mark paid, claim, confirm
/// the hold, schedule, mark booked with the outbox rows) against an empty schema (the baseline) and against the seeded year
/// (<see cref="MillionRowsSchemas"/>), in the same run. Each iteration books <see cref="BookingsPerInvocation"/> sessions started
/// beforehand (match, hold, session, checkout: outside the measured time); the reported time is per booking.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*MillionRows*' --job short</c>, with
/// <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set (see <see cref="MillionRowsBenchmarks"/>).
/// </remarks>
[InvocationCount(1)]
public class MillionRowsWebhookBenchmarks
{
    private const int BookingsPerInvocation = 24;

    private readonly List<PaymentEvent> _paid = [];
    private MillionRowsSchemas _schemas = null!;
    private Instant _nextSlot;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        _schemas = await MillionRowsSchemas.CreateAsync();
        _nextSlot = Instant.FromUnixTimeSeconds((SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(800)).ToUnixTimeSeconds() / 3600 * 3600)
            + Duration.FromMinutes(Random.Shared.Next(0, 20_000) * 90);
    }

    [GlobalCleanup]
    public Task Cleanup() => _schemas.DisposeAsync().AsTask();

    [IterationSetup(Target = nameof(WebhookEmpty))]
    public void StartEmpty() => Start(_schemas.Empty);

    [IterationSetup(Target = nameof(WebhookFull))]
    public void StartFull() => Start(_schemas.Full);

    [Benchmark(Baseline = true, OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, empty")]
    public Task WebhookEmpty() => BookAsync(_schemas.Empty);

    [Benchmark(OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, full")]
    public Task WebhookFull() => BookAsync(_schemas.Full);

    private async Task BookAsync(ServiceProvider provider)
    {
        var events = provider.GetRequiredService<PaymentEventProcessor>();
        foreach (var paid in _paid)
        {
            if ((await events.ProcessAsync(paid)).Outcome != PaymentEventOutcome.Booked)
            {
                throw new InvalidOperationException("A paid session was not booked.");
            }
        }
    }

    private void Start(ServiceProvider provider)
    {
        _paid.Clear();
        var booking = provider.GetRequiredService<BookingService>();
        var gateway = provider.GetRequiredService<SimulatedPaymentGateway>();
        for (var i = 0; i < BookingsPerInvocation; i++)
        {
            // A start that finds nobody (one run met NoMatch once; a slot in New York's spring-forward gap, say) moves on to the next slot.
            BookingStartResult started;
            var attempts = 0;
            do
            {
                var start = _nextSlot;
                _nextSlot += Duration.FromMinutes(90);
                started = booking.StartAsync(new InterviewRequest
                {
                    CandidateId = new CandidateId($"candidate-webhook-{_next++}"),
                    CandidateName = "Casey",
                    CandidateEmail = "casey@example.org",
                    ExperienceYears = 5,
                    SkillCategories = ["Backend"],
                    Skills = ["Java"],
                    RequestedSlot = new Interval(start, start + Duration.FromMinutes(60)),
                    CandidateTimeZone = DateTimeZoneProviders.Tzdb["America/New_York"],
                    PlanId = "mock-60",
                }).GetAwaiter().GetResult();
            }
            while (started.Session is null && ++attempts < 4);

            _paid.Add(gateway.CompleteCheckout(started.Session?.Id ?? throw new InvalidOperationException($"A start failed: {started.Outcome}.")));
        }
    }
}
