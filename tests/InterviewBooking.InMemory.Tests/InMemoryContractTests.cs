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
        Task.FromResult<ICouponRedemptionStore>(new InMemoryCouponRedemptionStore());
}

public sealed class InMemoryPaymentEventInboxContractTests : PaymentEventInboxContractTests
{
    protected override Task<IPaymentEventInbox> CreateInboxAsync(IClock clock) =>
        Task.FromResult<IPaymentEventInbox>(new InMemoryPaymentEventInbox());
}

public sealed class InMemoryInterviewStoreContractTests : InterviewStoreContractTests
{
    protected override Task<IInterviewStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IInterviewStore>(new InMemoryInterviewStore());
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

public sealed class InMemoryOutboxStoreContractTests : OutboxStoreContractTests
{
    protected override Task<(IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock)
    {
        var outbox = new InMemoryOutboxStore(clock);
        return Task.FromResult<(IOutboxStore, IPaymentSessionStore)>((outbox, new InMemoryPaymentSessionStore(outbox)));
    }
}
