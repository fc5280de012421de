using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using NSubstitute;

namespace InterviewBooking.InMemory.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddInMemoryStores_resolves_every_adapter_as_a_singleton()
    {
        using var provider = Build(b => b.AddInMemoryStores().AddSimulatedPayments());

        Assert.IsType<InMemoryReservationStore>(provider.GetRequiredService<IReservationStore>());
        Assert.IsType<InMemoryPaymentSessionStore>(provider.GetRequiredService<IPaymentSessionStore>());
        Assert.IsType<InMemoryCouponRedemptionStore>(provider.GetRequiredService<ICouponRedemptionStore>());
        Assert.Same(provider.GetRequiredService<InMemoryOutboxStore>(), provider.GetRequiredService<IOutboxStore>());
        Assert.Same(provider.GetRequiredService<InMemoryInterviewerDirectory>(), provider.GetRequiredService<IInterviewerDirectory>());
        Assert.Same(provider.GetRequiredService<RecordingInterviewScheduler>(), provider.GetRequiredService<IInterviewScheduler>());
        Assert.Same(provider.GetRequiredService<RecordingBookingNotifier>(), provider.GetRequiredService<IBookingNotifier>());
        Assert.Same(provider.GetRequiredService<SimulatedPaymentGateway>(), provider.GetRequiredService<IPaymentGateway>());
        Assert.Same(provider.GetRequiredService<IReservationStore>(), provider.GetRequiredService<IReservationStore>());
        Assert.NotNull(provider.GetRequiredService<AutoBookingService>());
        Assert.NotNull(provider.GetRequiredService<PaymentEventProcessor>());
    }

    [Fact]
    public void A_custom_store_registered_before_wins()
    {
        var custom = Substitute.For<IReservationStore>();

        using var provider = Build(b =>
        {
            b.Services.AddSingleton(custom);
            b.AddInMemoryStores();
        });

        Assert.Same(custom, provider.GetRequiredService<IReservationStore>());
        Assert.Single(provider.GetServices<IReservationStore>());
    }

    [Fact]
    public void A_custom_store_registered_after_wins()
    {
        var custom = Substitute.For<IReservationStore>();

        using var provider = Build(b =>
        {
            b.AddInMemoryStores();
            b.Services.AddSingleton(custom);
        });

        Assert.Same(custom, provider.GetRequiredService<IReservationStore>());
    }

    [Fact]
    public void A_custom_gateway_registered_before_wins_and_the_simulator_stays_resolvable()
    {
        var custom = Substitute.For<IPaymentGateway>();

        using var provider = Build(b =>
        {
            b.Services.AddSingleton(custom);
            b.AddSimulatedPayments();
        });

        Assert.Same(custom, provider.GetRequiredService<IPaymentGateway>());
        Assert.NotNull(provider.GetRequiredService<SimulatedPaymentGateway>());
    }

    [Fact]
    public void Calling_twice_registers_once()
    {
        var services = new ServiceCollection();
        var builder = services.AddInterviewBooking();

        builder.AddInMemoryStores().AddInMemoryStores().AddSimulatedPayments().AddSimulatedPayments();

        Assert.Single(services, d => d.ServiceType == typeof(IReservationStore));
        Assert.Single(services, d => d.ServiceType == typeof(IInterviewerDirectory));
        Assert.Single(services, d => d.ServiceType == typeof(IPaymentGateway));
    }

    [Fact]
    public async Task Seeds_fill_the_directory_in_registration_order()
    {
        using var provider = Build(b => b
            .AddInMemoryStores(d => d.AddOrUpdate(Profile("a", "First")))
            .AddInMemoryStores(d => d.AddOrUpdate(Profile("a", "Second"))));

        var directory = provider.GetRequiredService<IInterviewerDirectory>();

        Assert.Equal("Second", (await directory.GetAsync(new InterviewerId("a")))!.Name);
        Assert.Equal(1, provider.GetRequiredService<InMemoryInterviewerDirectory>().Count);
    }

    [Fact]
    public async Task Stores_use_the_registered_clock()
    {
        var clock = new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0));
        using var provider = Build(b => b.AddInMemoryStores(), clock);
        var store = provider.GetRequiredService<IReservationStore>();
        var slot = new Interval(clock.GetCurrentInstant() + Duration.FromDays(1), clock.GetCurrentInstant() + Duration.FromDays(1) + Duration.FromHours(1));

        // Valid only by the fake clock's time: a system clock (2025 or so) would not expire this hold before 2030.
        var hold = await store.TryHoldAsync(new HoldRequest(new InterviewerId("a"), slot, "o", clock.GetCurrentInstant() + Duration.FromMinutes(1)));
        clock.Advance(Duration.FromMinutes(1));

        Assert.Empty(await store.GetActiveAsync([new InterviewerId("a")], slot));
        Assert.True(hold.Succeeded);
    }

    [Fact]
    public void Null_builder_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => InMemoryInterviewBookingBuilderExtensions.AddInMemoryStores(null!));
        Assert.Throws<ArgumentNullException>(() => InMemoryInterviewBookingBuilderExtensions.AddSimulatedPayments(null!));
    }

    [Fact]
    public async Task AddInMemoryStores_turns_retention_on_over_its_own_stores_and_leaves_others_alone()
    {
        using var provider = Build(b => b.AddInMemoryStores());
        Assert.IsType<InMemoryRetentionStore>(provider.GetRequiredService<IRetentionStore>());
        Assert.Contains(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name == "RetentionWorker");
        Assert.True(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionOptions>>().Value.Enabled);

        // A durable reservation store registered beside the in-memory ones is never purged by the in-memory retention store.
        var durable = Substitute.For<IReservationStore>();
        using var mixed = Build(b => b.AddInMemoryStores().Services.AddSingleton(durable));
        var cutoffs = RetentionCutoffs.At(Instant.FromUtc(2030, 1, 1, 0, 0), new RetentionOptions());
        Assert.Empty((await mixed.GetRequiredService<IRetentionStore>().PurgeReservationsAsync(cutoffs, 10)).RemovedIds);
        Assert.Empty(durable.ReceivedCalls());
    }

    internal static ServiceProvider Build(Action<IInterviewBookingBuilder> configure, IClock? clock = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock ?? new FakeClock(Instant.FromUtc(2025, 6, 9, 8, 0)));
        var builder = services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan
        {
            Id = "standard-60",
            Name = "Standard interview",
            Duration = Duration.FromMinutes(60),
            PriceMinorUnits = 10_000,
        }));
        configure(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static InterviewerProfile Profile(string id, string name) => new()
    {
        Id = new InterviewerId(id),
        Name = name,
        Email = id + "@example.com",
        TimeZone = DateTimeZone.Utc,
    };
}
