using System.Text.Json.Nodes;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime.Testing;
using Stripe;

namespace InterviewBooking.Stripe.Fakes;

/// <summary>The whole flow on the in-memory stores with the Stripe adapter, its real Stripe.net client pointed at <see cref="FakeStripeApi"/>.</summary>
public sealed class StripeFixture : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);
    public static readonly Duration Hold = Duration.FromMinutes(40);
    public const string SuccessUrl = "https://shop.example/bookings/{PAYMENT_SESSION_ID}/paid?checkout={CHECKOUT_SESSION_ID}";
    public const string CancelUrl = "https://shop.example/bookings/{PAYMENT_SESSION_ID}/canceled";

    private readonly ServiceProvider _provider;
    private int _slots;

    public StripeFixture(Action<StripePaymentOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddInterviewBooking(o =>
            {
                o.HoldDuration = Hold;
                o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
            })
            .AddInMemoryStores(directory =>
            {
                foreach (var interviewer in Interviewers)
                {
                    directory.AddOrUpdate(interviewer);
                }
            })
            .AddStripePayments(o =>
            {
                o.SecretKey = FakeStripeApi.ApiKey;
                o.WebhookSecret = StripeEvents.Secret;
                o.SuccessUrl = SuccessUrl;
                o.CancelUrl = CancelUrl;
                configure?.Invoke(o);
            });
        services.AddSingleton<IStripeClient>(Api.CreateClient());
        configureServices?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _provider.GetRequiredService<IStartupValidator>().Validate();
    }

    public static IReadOnlyList<InterviewerProfile> Interviewers { get; } =
    [
        Interviewer("interviewer-ada", "Ada Byron", "ada@example.com", 15),
        Interviewer("interviewer-grace", "Grace Hopper", "grace@example.com", 12),
        Interviewer("interviewer-alan", "Alan Turing", "alan@example.com", 9),
    ];

    public FakeClock Clock { get; } = new(Start);

    public FakeStripeApi Api { get; } = new();

    public IServiceProvider Services => _provider;

    public StripeWebhookHandler Webhooks => Get<StripeWebhookHandler>();

    public StripeCheckoutService Checkouts => Get<StripeCheckoutService>();

    public IPaymentSessionStore Sessions => Get<IPaymentSessionStore>();

    public IReservationStore Reservations => Get<IReservationStore>();

    public RecordingInterviewScheduler Scheduler => Get<RecordingInterviewScheduler>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose()
    {
        _provider.Dispose();
        Api.Dispose();
    }

    public static InterviewRequest Request(Interval slot, string candidate = "candidate-casey") => new()
    {
        CandidateId = new CandidateId(candidate),
        CandidateName = "Casey Candidate",
        CandidateEmail = "casey.candidate@example.org",
        ExperienceYears = 4,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        RequestedSlot = slot,
        CandidateTimeZone = DateTimeZoneProviders.Tzdb["Europe/London"],
        PlanId = "mock-30",
    };

    /// <summary>A different weekday slot (30 minutes, UTC working hours) on every call, so bookings never compete.</summary>
    public Interval NextSlot()
    {
        var n = Interlocked.Increment(ref _slots) - 1;
        var day = new LocalDate(2026, 6, 2);
        for (var weekdays = n / 8; weekdays > 0; weekdays--)
        {
            day = day.PlusDays(day.DayOfWeek == IsoDayOfWeek.Friday ? 3 : 1);
        }

        var start = day.At(new LocalTime(9 + (n % 8), 0)).InUtc().ToInstant();
        return new Interval(start, start + Duration.FromMinutes(30));
    }

    /// <summary>Starts a booking through <see cref="BookingService"/>: matched, held, Checkout Session created at the fake.</summary>
    public async Task<PaymentSession> StartAsync()
    {
        var started = await Get<BookingService>().StartAsync(Request(NextSlot()));
        return started.Outcome == BookingStartOutcome.Started
            ? started.Session!
            : throw new InvalidOperationException($"The booking did not start: {started.Outcome} ({started.Reason}).");
    }

    public Task<PaymentSession> ReadAsync(PaymentSession session) => ReadAsync(session.Id);

    public async Task<PaymentSession> ReadAsync(PaymentSessionId id) => (await Sessions.GetAsync(id))!;

    /// <summary>The Checkout Session as the fake holds it now, as the JSON an event carries.</summary>
    public JsonObject CheckoutJson(PaymentSession session) => Api.Checkout(session.ProviderReference!).ToJson();

    /// <summary>The candidate pays at the fake; returns the completed Checkout Session's JSON.</summary>
    public JsonObject Pay(PaymentSession session, string paymentStatus = "paid") => Api.Complete(session.ProviderReference!, paymentStatus).ToJson();

    /// <summary>Starts a booking and pays it at the fake, but the completed Checkout Session says 1.00 was charged: a payment to refund.</summary>
    public async Task<(PaymentSession Session, JsonObject Checkout)> PayWrongAmountAsync()
    {
        var session = await StartAsync();
        var checkout = Pay(session);
        checkout["amount_total"] = 100;
        Api.Checkout(session.ProviderReference!).AmountTotal = 100;
        return (session, checkout);
    }

    /// <summary>Signs and delivers an event, as Stripe would.</summary>
    public Task<StripeWebhookResult> DeliverAsync(string type, JsonObject checkout, string? eventId = null)
    {
        var body = StripeEvents.Body(type, checkout, eventId, Clock.GetCurrentInstant());
        return Webhooks.HandleAsync(body, StripeEvents.Sign(body, Clock.GetCurrentInstant()));
    }

    /// <summary>The registered outbox handler of a kind, as the outbox worker resolves it.</summary>
    public IOutboxHandler Handler(string kind) => _provider.GetServices<IOutboxHandler>().Single(h => h.Kind == kind);

    /// <summary>
    /// Delivers the refund message written with the session's flag (or cancellation) through its outbox handler, as the worker would;
    /// <paramref name="attempts"/> says how many deliveries were tried before.
    /// </summary>
    public async Task DeliverRefundAsync(PaymentSession session, int attempts = 0)
    {
        var item = (await Get<IOutboxStore>().ListBySessionAsync(session.Id)).Single(i => i.Message.Kind == OutboxKinds.Refund);
        await Handler(OutboxKinds.Refund).HandleAsync(item with { Attempts = attempts });
    }

    public IEnumerable<ScheduledInterview> InterviewsFor(PaymentSession session) =>
        Scheduler.Interviews.Where(i => i.Request.PaymentSessionId == session.Id);

    private static InterviewerProfile Interviewer(string id, string name, string email, int years) => new()
    {
        Id = new InterviewerId(id),
        Name = name,
        Email = email,
        Company = "Example Systems",
        ExperienceYears = years,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        TimeZone = DateTimeZone.Utc,
        WeeklyAvailability = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .Select(d => new WeeklyWindow(d, new LocalTime(8, 0), new LocalTime(18, 0)))
            .ToArray(),
    };
}
