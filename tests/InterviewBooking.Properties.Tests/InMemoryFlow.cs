using InterviewBooking.InMemory;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.Properties.Tests;

/// <summary>The booking flow on the in-memory adapters and the simulated gateway, with a fake clock and the Stripe tests' interviewers.</summary>
internal sealed class InMemoryFlow : IAsyncDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);
    public static readonly Interval Slot = new(Instant.FromUtc(2026, 6, 2, 14, 0), Instant.FromUtc(2026, 6, 2, 14, 30));
    public static readonly Duration Hold = Duration.FromMinutes(30);

    private readonly ServiceProvider _provider;

    public InMemoryFlow(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddInterviewBooking(o =>
            {
                o.HoldDuration = Hold;
                o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
                o.AddOns.Add(new AddOnOffer { Id = "report", Name = "Written report", PriceMinorUnits = 1500, MaxQuantity = 2 });
            })
            .AddInMemoryStores(directory => directory.AddOrUpdateRange(StripeFixture.Interviewers))
            .AddSimulatedPayments();
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public FakeClock Clock { get; } = new(Start);

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public SimulatedPaymentGateway Gateway => Get<SimulatedPaymentGateway>();

    public IPaymentSessionStore Sessions => Get<IPaymentSessionStore>();

    public IReservationStore Reservations => Get<IReservationStore>();

    public RecordingInterviewScheduler Scheduler => Get<RecordingInterviewScheduler>();

    /// <summary>The request of the Stripe tests' candidate, for <see cref="Slot"/>.</summary>
    public static InterviewRequest Request(string candidate = "candidate-casey") => StripeFixture.Request(Slot, candidate);

    public async Task<PaymentSession> StartAsync()
    {
        var started = await Get<BookingService>().StartAsync(Request());
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        return started.Session!;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
