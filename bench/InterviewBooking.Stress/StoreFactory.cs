using InterviewBooking.InMemory;

namespace InterviewBooking.Stress;

/// <summary>The stores of one host instance. Every instance's stores share one state (one process's memory, or one database).</summary>
internal sealed record StoreSet(
    IReservationStore Reservations,
    IPaymentSessionStore Sessions,
    IPaymentEventInbox Inbox,
    ICouponRedemptionStore Coupons,
    IInterviewStore Interviews);

/// <summary>Opens the stores the simulated host instances share; the seam where each store adapter plugs in.</summary>
internal interface IStoreFactory : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The stores of one more host instance, over the shared state (a new connection pool for a database, say).</summary>
    ValueTask<StoreSet> OpenInstanceAsync(IClock clock, CancellationToken cancellationToken);
}

internal static class StoreFactories
{
    /// <exception cref="NotSupportedException">The adapter is not part of this build.</exception>
    public static IStoreFactory Create(StoreKind kind) => kind switch
    {
        StoreKind.InMemory => new InMemoryStoreFactory(),
        _ => throw new NotSupportedException(
            "--store postgres needs the InterviewBooking.PostgreSql adapter, which this build does not contain yet; use --store inmemory."),
    };
}

/// <summary>One set of in-memory stores, handed to every instance: K service providers over one process's state.</summary>
internal sealed class InMemoryStoreFactory : IStoreFactory
{
    private StoreSet? _stores;

    public string Name => "inmemory";

    public ValueTask<StoreSet> OpenInstanceAsync(IClock clock, CancellationToken cancellationToken)
    {
        _stores ??= new StoreSet(
            new InMemoryReservationStore(clock),
            new InMemoryPaymentSessionStore(),
            new InMemoryPaymentEventInbox(),
            new InMemoryCouponRedemptionStore(),
            new InMemoryInterviewStore());
        return ValueTask.FromResult(_stores);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
