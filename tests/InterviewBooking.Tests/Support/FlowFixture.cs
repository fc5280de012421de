using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.Tests.Support;

/// <summary>A whole booking flow on the in-memory adapters, with a fake clock and a few interviewers.</summary>
internal sealed class FlowFixture : IAsyncDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private readonly ServiceProvider _provider;

    public FlowFixture(Action<IServiceCollection>? configureServices = null, Action<InterviewBookingOptions>? configureOptions = null)
    {
        Clock = new FakeClock(Start);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddInterviewBooking(options =>
            {
                ConfigureDefaults(options);
                configureOptions?.Invoke(options);
            })
            .AddInMemoryStores()
            .AddSimulatedPayments()
            .AddOutboxWorker()
            .AddPaymentSessionSweeper();
        configureServices?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var interviewer in Interviewers())
        {
            Directory.AddOrUpdate(interviewer);
        }
    }

    public FakeClock Clock { get; }

    public IServiceProvider Services => _provider;

    public BookingService Booking => Get<BookingService>();

    public AutoBookingService AutoBooking => Get<AutoBookingService>();

    public PaymentEventProcessor Events => Get<PaymentEventProcessor>();

    public IReservationStore Reservations => Get<IReservationStore>();

    public IPaymentSessionStore Sessions => Get<IPaymentSessionStore>();

    public InMemoryInterviewerDirectory Directory => Get<InMemoryInterviewerDirectory>();

    public SimulatedPaymentGateway Gateway => Get<SimulatedPaymentGateway>();

    public RecordingInterviewScheduler Scheduler => Get<RecordingInterviewScheduler>();

    public RecordingBookingNotifier Notifier => Get<RecordingBookingNotifier>();

    public InMemoryOutboxStore Outbox => Get<InMemoryOutboxStore>();

    /// <summary>Delivers every due outbox item, as the worker would (a failed one waits for its back-off: move the clock to retry it).</summary>
    public async Task<int> DrainOutboxAsync()
    {
        var dispatcher = Get<OutboxDispatcher>();
        var total = 0;
        for (var leased = await dispatcher.RunOnceAsync(); leased > 0; leased = await dispatcher.RunOnceAsync())
        {
            total += leased;
        }

        return total;
    }

    public PaymentSessionSweeper Sweeper => Get<PaymentSessionSweeper>();

    /// <summary>Books a session end to end (started, paid, event delivered) and delivers what the booking wrote to the outbox.</summary>
    public async Task<PaymentSession> BookAsync(InterviewRequest? request = null)
    {
        var (started, paid) = await StartAndPayAsync(request);
        var result = await Events.ProcessAsync(paid);
        Assert.Equal(PaymentEventOutcome.Booked, result.Outcome);
        await DrainOutboxAsync();
        return (await Sessions.GetAsync(started.Session!.Id))!;
    }

    /// <summary>Tuesday 2 June 2026, 10:00-10:30 in New York (14:00 UTC).</summary>
    public static Interval PopularSlot { get; } = new(Instant.FromUtc(2026, 6, 2, 14, 0), Instant.FromUtc(2026, 6, 2, 14, 30));

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static void ConfigureDefaults(InterviewBookingOptions options)
    {
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock interview", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
        var report = new AddOnOffer { Id = "report", Name = "Written report", PriceMinorUnits = 1500, MaxQuantity = 1 };
        options.AddOns.Add(report);
        options.Coupons.Add(new CouponOffer { Code = "ONCE", PercentOff = 10, UsageLimit = 1 });
    }

    public static IEnumerable<InterviewerProfile> Interviewers()
    {
        var weekdays = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday };
        WeeklyWindow[] Hours(int from, int to) => weekdays.Select(d => new WeeklyWindow(d, new LocalTime(from, 0), new LocalTime(to, 0))).ToArray();

        yield return new InterviewerProfile
        {
            Id = new InterviewerId("interviewer-ada"), Name = "Ada Byron", Email = "ada@example.com", Company = "Analytical Engines",
            ExperienceYears = 15, SkillCategories = ["Backend", "System Design"], Skills = ["Java", "Kubernetes", "PostgreSQL"],
            TimeZone = NewYork, WeeklyAvailability = Hours(9, 17),
        };
        yield return new InterviewerProfile
        {
            Id = new InterviewerId("interviewer-grace"), Name = "Grace Hopper", Email = "grace@example.com", Company = "Compilers Inc",
            ExperienceYears = 12, SkillCategories = ["Backend"], Skills = ["Java", "COBOL"],
            TimeZone = NewYork, WeeklyAvailability = Hours(8, 18),
        };
        yield return new InterviewerProfile
        {
            Id = new InterviewerId("interviewer-alan"), Name = "Alan Turing", Email = "alan@example.com", Company = "Bletchley Labs",
            ExperienceYears = 9, SkillCategories = ["Backend", "Algorithms"], Skills = ["Python", "Java"],
            TimeZone = London, WeeklyAvailability = Hours(12, 20),
        };
        yield return new InterviewerProfile
        {
            Id = new InterviewerId("interviewer-brendan"), Name = "Brendan Eich", Email = "brendan@example.com", Company = "Browsers Ltd",
            ExperienceYears = 20, SkillCategories = ["Frontend"], Skills = ["JavaScript"],
            TimeZone = NewYork, WeeklyAvailability = Hours(9, 17),
        };
    }

    public static InterviewRequest Request(string candidate = "candidate-1", Interval? slot = null, string planId = "mock-30") => new()
    {
        CandidateId = new CandidateId(candidate),
        CandidateName = "Casey Candidate",
        CandidateEmail = $"{candidate}@example.org",
        ExperienceYears = 4,
        SkillCategories = ["Backend"],
        Skills = ["Java", "Kubernetes"],
        RequestedSlot = slot ?? PopularSlot,
        CandidateTimeZone = London,
        PlanId = planId,
    };

    /// <summary>Starts a booking and pays it (the event is returned, not yet delivered).</summary>
    public async Task<(BookingStartResult Started, PaymentEvent Paid)> StartAndPayAsync(InterviewRequest? request = null)
    {
        var started = await Booking.StartAsync(request ?? Request());
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        return (started, Gateway.CompleteCheckout(started.Session!.Id));
    }

    /// <summary>
    /// Holds Ada's popular slot and writes a paid session with its snapshot straight into the store, without the matcher
    /// (as an earlier instance, or another system, would have). <paramref name="mutate"/> can break the snapshot first.
    /// </summary>
    public async Task<PaymentSession> StorePaidSessionAsync(Func<PaymentSession, PaymentSession>? mutate = null)
    {
        var ada = Interviewers().First();
        var id = PaymentSessionId.New();
        var now = Clock.GetCurrentInstant();
        var hold = await Reservations.TryHoldAsync(new HoldRequest(ada.Id, PopularSlot, id.Value, now + Duration.FromMinutes(30)));
        Assert.True(hold.Succeeded);
        var score = new MatchScore(25, 35, 20);
        var session = new PaymentSession
        {
            Id = id,
            CandidateId = new CandidateId("candidate-direct"),
            CandidateName = "Casey Candidate",
            CandidateEmail = "casey@example.org",
            CandidateTimeZone = London,
            MatchedInterviewer = new MatchedInterviewer { Id = ada.Id, Name = ada.Name, Email = ada.Email, Company = ada.Company, Score = score },
            InterviewerId = ada.Id,
            SelectedTimeSlot = SlotText.Format(PopularSlot, London),
            SelectedDate = SlotText.LocalDateOf(PopularSlot, London),
            MatchScore = score.Total,
            Slot = PopularSlot,
            ReservationId = hold.Reservation!.Id,
            PlanId = "mock-30",
            Price = new Price(new Money(4900, "USD"), [new PriceLine(PriceLineKind.Plan, "mock-30", "30-minute mock interview", 1, 4900)]),
            Status = PaymentSessionStatus.Paid,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = hold.Reservation.HeldUntil,
        };
        return await Sessions.CreateAsync(mutate is null ? session : mutate(session));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
