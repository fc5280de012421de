using InterviewBooking.InMemory;
using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.CalDav.Tests;

/// <summary>The host's resolver in the tests: a dictionary the test fills.</summary>
internal sealed class DictionaryConnectionResolver : ICalDavConnectionResolver
{
    public Dictionary<InterviewerId, CalDavConnection> Connections { get; } = [];

    public ValueTask<CalDavConnection?> ResolveAsync(InterviewerId interviewer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Connections.GetValueOrDefault(interviewer));
}

/// <summary>The library on the in-memory adapters with the CalDAV reader, a fake clock, collected logs and two interviewers in New York.</summary>
internal sealed class CalDavFixture : IAsyncDisposable
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public static readonly InterviewerId Ada = new("interviewer-ada");
    public static readonly InterviewerId Grace = new("interviewer-grace");

    private readonly ServiceProvider _provider;

    public CalDavFixture(Action<CalDavOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddSingleton<ICalDavConnectionResolver>(Resolver);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddInterviewBooking(options =>
            {
                options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock interview", Duration = Duration.FromMinutes(60), PriceMinorUnits = 4900 });
                options.MeetingLinkTemplate = "https://meet.acme.example/{interviewId}";
            })
            .AddInMemoryStores(directory =>
            {
                directory.AddOrUpdate(Profile(Ada, 15));
                directory.AddOrUpdate(Profile(Grace, 10));
            })
            .AddSimulatedPayments()
            .AddOutboxWorker()
            .AddCalDavCalendars<DictionaryConnectionResolver>(options =>
            {
                options.RequestTimeout = Duration.FromSeconds(2);
                configure?.Invoke(options);
            });
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _provider.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>Monday 2 March 2026, 08:00 UTC.</summary>
    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 3, 2, 8, 0));

    public DictionaryConnectionResolver Resolver { get; } = new();

    public CollectingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public IBusyTimeSource BusyTime => _provider.GetRequiredService<IBusyTimeSource>();

    public static InterviewerProfile Profile(InterviewerId id, int years) => new()
    {
        Id = id, Name = id.Value!, Email = $"{id.Value}@interviewers.example", ExperienceYears = years, SkillCategories = ["Backend"],
        Skills = ["Java"], TimeZone = NewYork, MaxInterviewsPerDay = 4,
        WeeklyAvailability = [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => new WeeklyWindow(d, new LocalTime(8, 0), new LocalTime(18, 0)))],
    };

    /// <summary>The interviewer's busy time over <paramref name="window"/> as the matcher sees it.</summary>
    public async Task<BusyTime?> BusyAsync(InterviewerId id, Interval window, BusyTimeUse use = BusyTimeUse.Matching)
    {
        var answer = await BusyTime.GetBusyTimeAsync([id], window, use);
        return answer.GetValueOrDefault(id);
    }

    public static Interval At(DateTimeZone zone, int year, int month, int day, int hour, int minute, int minutes) =>
        new(zone.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant(),
            zone.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant() + Duration.FromMinutes(minutes));

    /// <summary>Delivers every due outbox item, as the worker would.</summary>
    public async Task DrainOutboxAsync()
    {
        var dispatcher = _provider.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.RunOnceAsync() > 0)
        {
        }
    }

    /// <summary>Starts, pays and auto-books an interview for <paramref name="request"/>, then drains the outbox.</summary>
    public async Task<PaymentSession> BookAsync(InterviewRequest request)
    {
        var started = await _provider.GetRequiredService<BookingService>().StartAsync(request);
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        var paid = _provider.GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(started.Session!.Id);
        var booking = (await _provider.GetRequiredService<PaymentEventProcessor>().ProcessAsync(paid)).Booking!;
        Assert.Equal(BookingOutcome.Booked, booking.Outcome);
        await DrainOutboxAsync();
        return booking.Session!;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
