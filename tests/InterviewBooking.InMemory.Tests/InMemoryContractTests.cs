using Microsoft.Extensions.DependencyInjection;
using InterviewBooking.InMemory;
using InterviewBooking.Testing;

namespace InterviewBooking.InMemory.Tests;

public sealed class InMemoryReservationStoreContractTests : ReservationStoreContractTests
{
    protected override Task<IReservationStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IReservationStore>(new InMemoryReservationStore(clock));
}

public sealed class InMemoryPaymentSessionStoreContractTests : PaymentSessionStoreContractTests
{
    protected override Task<IPaymentSessionStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IPaymentSessionStore>(new InMemoryPaymentSessionStore());
}

public sealed class InMemoryCouponRedemptionStoreContractTests : CouponRedemptionStoreContractTests
{
    protected override Task<ICouponRedemptionStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<ICouponRedemptionStore>(new InMemoryCouponRedemptionStore(clock));
}

public sealed class InMemoryPaymentEventInboxContractTests : PaymentEventInboxContractTests
{
    protected override Task<IPaymentEventInbox> CreateInboxAsync(IClock clock) =>
        Task.FromResult<IPaymentEventInbox>(new InMemoryPaymentEventInbox());
}

public sealed class InMemoryInterviewStoreContractTests : InterviewStoreContractTests
{
    protected override Task<(IInterviewStore Interviews, IOutboxStore Outbox)> CreateStoresAsync(IClock clock)
    {
        var outbox = new InMemoryOutboxStore(clock);
        return Task.FromResult<(IInterviewStore, IOutboxStore)>((new InMemoryInterviewStore(outbox), outbox));
    }
}

public sealed class InMemoryInterviewLifecycleContractTests : InterviewLifecycleContractTests
{
    protected override Task<IServiceProvider> CreateServicesAsync(Action<IInterviewBookingBuilder> configure, IReadOnlyList<InterviewerProfile> interviewers)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddInterviewBooking();
        configure(builder);
        builder.AddInMemoryStores(directory => directory.AddOrUpdateRange(interviewers)).AddSimulatedPayments().AddOutboxWorker();
        return Task.FromResult<IServiceProvider>(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    protected override PaymentEvent CompletePayment(IServiceProvider services, PaymentSessionId sessionId) =>
        services.GetRequiredService<InterviewBooking.InMemory.SimulatedPaymentGateway>().CompleteCheckout(sessionId);
}

public sealed class InMemoryReservationStorePropertyTests : ReservationStorePropertyTests
{
    protected override Task<IReservationStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IReservationStore>(new InMemoryReservationStore(clock));
}

public sealed class InMemoryPaymentSessionStorePropertyTests : PaymentSessionStorePropertyTests
{
    protected override Task<IPaymentSessionStore> CreateStoreAsync() =>
        Task.FromResult<IPaymentSessionStore>(new InMemoryPaymentSessionStore());
}

public sealed class InMemoryHoldRulesContractTests : HoldRulesContractTests
{
    protected override Task<(IReservationStore Reservations, ICouponRedemptionStore Coupons)> CreateStoresAsync(IClock clock)
    {
        var coupons = new InMemoryCouponRedemptionStore(clock);
        return Task.FromResult<(IReservationStore, ICouponRedemptionStore)>((new InMemoryReservationStore(clock, coupons), coupons));
    }
}

public sealed class InMemoryBookingStartFuzzTests : BookingStartFuzzTests
{
    private ServiceProvider? _host;

    public InMemoryBookingStartFuzzTests(Xunit.Abstractions.ITestOutputHelper output) => Output = output;

    protected override Task<BookingService> CreateBookingServiceAsync(IClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddInterviewBooking(ConfigureOptions)
            .AddInMemoryStores(directory => directory.AddOrUpdateRange(Interviewers))
            .AddSimulatedPayments();
        _host = Track(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        return Task.FromResult(_host.GetRequiredService<BookingService>());
    }

    // Every store the flow writes before payment, and those it must never write before payment.
    protected override Task<long> CountStoredRowsAsync()
    {
        var host = _host ?? throw new InvalidOperationException("The flow was not created.");
        return Task.FromResult<long>(
            ((InMemoryReservationStore)host.GetRequiredService<IReservationStore>()).Count
            + ((InMemoryPaymentSessionStore)host.GetRequiredService<IPaymentSessionStore>()).Count
            + ((InMemoryPaymentEventInbox)host.GetRequiredService<IPaymentEventInbox>()).Count
            + host.GetRequiredService<RecordingInterviewScheduler>().Interviews.Count
            + host.GetRequiredService<SimulatedPaymentGateway>().CreateCheckoutCalls);
    }
}

public sealed class InMemoryOutboxStoreContractTests : OutboxStoreContractTests
{
    protected override Task<(IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock)
    {
        var outbox = new InMemoryOutboxStore(clock);
        return Task.FromResult<(IOutboxStore, IPaymentSessionStore)>((outbox, new InMemoryPaymentSessionStore(outbox)));
    }
}

public sealed class InMemoryInterviewerDirectoryContractTests : InterviewerDirectoryContractTests<InMemoryInterviewerDirectory>
{
    protected override Task<InMemoryInterviewerDirectory> CreateDirectoryAsync() => Task.FromResult(new InMemoryInterviewerDirectory());

    protected override Task AddOrUpdateRangeAsync(InMemoryInterviewerDirectory directory, IEnumerable<InterviewerProfile> profiles)
    {
        directory.AddOrUpdateRange(profiles);
        return Task.CompletedTask;
    }

    protected override Task<bool> RemoveAsync(InMemoryInterviewerDirectory directory, InterviewerId id) => Task.FromResult(directory.Remove(id));
}

public sealed class InMemoryPayoutStoreContractTests : PayoutStoreContractTests
{
    protected override Task<(IPayoutStore Payouts, IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock)
    {
        var outbox = new InMemoryOutboxStore(clock);
        return Task.FromResult<(IPayoutStore, IOutboxStore, IPaymentSessionStore)>((new InMemoryPayoutStore(), outbox, new InMemoryPaymentSessionStore(outbox)));
    }
}

public sealed class InMemoryRetentionContractTests : RetentionContractTests
{
    protected override Task<RetentionStores> CreateStoresAsync(IClock clock)
    {
        var outbox = new InMemoryOutboxStore(clock);
        var reservations = new InMemoryReservationStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var interviews = new InMemoryInterviewStore(outbox);
        var payouts = new InMemoryPayoutStore();
        var inbox = new InMemoryPaymentEventInbox();
        var retention = new InMemoryRetentionStore(reservations, sessions, interviews, payouts, outbox, inbox);
        return Task.FromResult(new RetentionStores(retention, reservations, sessions, interviews, payouts, outbox, inbox));
    }
}
