using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// One whole booking on the in-memory default: start (match, hold, session, checkout), then the payment event
/// delivered twice (auto-book, then the duplicate). Each iteration books a fresh slot so nothing conflicts.
/// </summary>
[MemoryDiagnoser]
public class BookingFlowBenchmarks
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private ServiceProvider _provider = null!;
    private BookingService _booking = null!;
    private PaymentEventProcessor _events = null!;
    private SimulatedPaymentGateway _gateway = null!;
    private FakeClock _clock = null!;
    private Instant _nextSlot;

    [Params(100, 1000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clock = new FakeClock(Instant.FromUtc(2026, 1, 5, 0, 0));
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddInterviewBooking(o =>
            {
                o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
                o.MinimumMatchScore = 0;
            })
            .AddInMemoryStores()
            .AddSimulatedPayments();
        _provider = services.BuildServiceProvider();
        var directory = _provider.GetRequiredService<InMemoryInterviewerDirectory>();
        var allDay = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight)).ToArray();
        for (var i = 0; i < InterviewerCount; i++)
        {
            directory.AddOrUpdate(new InterviewerProfile
            {
                Id = new InterviewerId($"interviewer-{i:D6}"),
                Name = $"Interviewer {i}",
                Email = $"interviewer{i}@example.com",
                ExperienceYears = 3 + (i % 15),
                SkillCategories = ["Backend", i % 3 == 0 ? "System Design" : "Algorithms"],
                Skills = [i % 2 == 0 ? "Java" : "Go", "Kubernetes"],
                TimeZone = NewYork,
                WeeklyAvailability = allDay,
                MaxInterviewsPerDay = 1_000_000,
            });
        }

        _booking = _provider.GetRequiredService<BookingService>();
        _events = _provider.GetRequiredService<PaymentEventProcessor>();
        _gateway = _provider.GetRequiredService<SimulatedPaymentGateway>();
        _nextSlot = _clock.GetCurrentInstant() + Duration.FromDays(1);
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark]
    public async Task<PaymentEventOutcome> StartPayAndBookWithDuplicateWebhook()
    {
        var start = _nextSlot;
        _nextSlot += Duration.FromMinutes(30);
        var started = await _booking.StartAsync(new InterviewRequest
        {
            CandidateId = new CandidateId("candidate"),
            CandidateName = "Casey",
            CandidateEmail = "casey@example.org",
            ExperienceYears = 5,
            SkillCategories = ["Backend"],
            Skills = ["Java"],
            RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
            CandidateTimeZone = NewYork,
            PlanId = "mock-30",
        });
        var paid = _gateway.CompleteCheckout(started.Session!.Id);
        await _events.ProcessAsync(paid);
        return (await _events.ProcessAsync(paid)).Outcome;
    }
}
