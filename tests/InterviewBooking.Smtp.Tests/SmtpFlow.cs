using InterviewBooking.InMemory;
using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.Smtp.Tests;

/// <summary>
/// The whole booking flow on the in-memory adapters with the SMTP notifier, a fake clock and one interviewer. Every flow gets its own
/// addresses, so tests sharing one SMTP server never read each other's messages.
/// </summary>
internal sealed class SmtpFlow : IAsyncDisposable
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Tuesday 2 June 2026, 10:00-10:30 in New York (14:00 UTC, 15:00 in London).</summary>
    public static readonly Interval Slot = new(Instant.FromUtc(2026, 6, 2, 14, 0), Instant.FromUtc(2026, 6, 2, 14, 30));

    private readonly ServiceProvider _provider;

    public SmtpFlow(Action<SmtpNotifierOptions> smtp, bool smtpBeforeInMemory = false)
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        CandidateEmail = $"casey.{tag}@candidates.example";
        InterviewerEmail = $"ada.{tag}@interviewers.example";
        Interviewer = new InterviewerProfile
        {
            Id = new InterviewerId("interviewer-ada"), Name = "Ada Byron", Email = InterviewerEmail, Company = "Analytical Engines",
            ExperienceYears = 15, SkillCategories = ["Backend"], Skills = ["Java", "Kubernetes"], TimeZone = NewYork,
            WeeklyAvailability = [.. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday }
                .Select(d => new WeeklyWindow(d, new LocalTime(9, 0), new LocalTime(17, 0)))],
        };

        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        var builder = services.AddInterviewBooking(ConfigurePlans);
        void AddSmtp() => builder
            .AddCalendarInvites(o => { o.OrganizerName = "Acme Interviews"; o.OrganizerEmail = "interviews@acme.example"; })
            .AddSmtpNotifications(o =>
            {
                o.FromAddress = "bookings@acme.example";
                o.FromName = "Acme Bookings";
                o.RetryDelay = Duration.Zero;
                smtp(o);
            });
        if (smtpBeforeInMemory)
        {
            AddSmtp();
        }

        builder.AddInMemoryStores(directory => directory.AddOrUpdate(Interviewer)).AddSimulatedPayments().AddOutboxWorker();
        if (!smtpBeforeInMemory)
        {
            AddSmtp();
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _provider.GetRequiredService<IStartupValidator>().Validate();
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 6, 1, 8, 0));

    public CollectingLoggerProvider Logs { get; } = new();

    public string CandidateEmail { get; }

    public string InterviewerEmail { get; }

    public InterviewerProfile Interviewer { get; }

    public IServiceProvider Services => _provider;

    public IBookingNotifier Notifier => _provider.GetRequiredService<IBookingNotifier>();

    public static void ConfigurePlans(InterviewBookingOptions options)
    {
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
        options.AddOns.Add(new AddOnOffer { Id = "written-feedback", Name = "Written feedback report", PriceMinorUnits = 1500 });
        options.MeetingLinkTemplate = "https://meet.acme.example/{interviewId}";
    }

    public BookingChangeService Changes => _provider.GetRequiredService<BookingChangeService>();

    /// <summary>Delivers every due outbox item through the SMTP notifier, as the worker would; a failed one waits for its back-off.</summary>
    public async Task DrainOutboxAsync()
    {
        var dispatcher = _provider.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.RunOnceAsync() > 0)
        {
        }
    }

    /// <summary>Starts, pays and auto-books an interview through the real flow, then drains the outbox (the Booked notification); returns the booking and what was scheduled.</summary>
    public async Task<(BookingResult Booking, ScheduledInterview Interview)> BookAsync()
    {
        var started = await _provider.GetRequiredService<BookingService>().StartAsync(new InterviewRequest
        {
            CandidateId = new CandidateId("candidate-casey"),
            CandidateName = "Casey Jordan",
            CandidateEmail = CandidateEmail,
            ExperienceYears = 4,
            SkillCategories = ["Backend"],
            Skills = ["Java"],
            RequestedSlot = Slot,
            CandidateTimeZone = London,
            PlanId = "mock-30",
            AddOns = [new AddOnSelection("written-feedback")],
        });
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);

        var paid = _provider.GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(started.Session!.Id);
        var processed = await _provider.GetRequiredService<PaymentEventProcessor>().ProcessAsync(paid);
        var booking = processed.Booking!;
        Assert.Equal(BookingOutcome.Booked, booking.Outcome);
        await DrainOutboxAsync();
        return (booking, _provider.GetRequiredService<RecordingInterviewScheduler>().Find(started.Session.Id.Value)!);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
