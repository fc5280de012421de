using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Npgsql;

namespace InterviewBooking.Stress;

/// <summary>The stores of one host instance. Every instance's stores share one state (one process's memory, or one database).</summary>
internal sealed record StoreSet(
    IReservationStore Reservations,
    IPaymentSessionStore Sessions,
    IPaymentEventInbox Inbox,
    ICouponRedemptionStore Coupons,
    IInterviewStore Interviews,
    IOutboxStore Outbox,
    IPayoutStore Payouts,
    InstanceDirectory? Directory = null)
{
    /// <summary>The adapter's retention side over these stores, or <see langword="null"/> when the adapter has none (yet).</summary>
    public IRetentionStore? Retention { get; init; }

    /// <summary>The adapter's one-step booking completion over these stores, or <see langword="null"/> when the adapter has none.</summary>
    public IBookingCompletionStore? Completions { get; init; }
}

/// <summary>
/// One instance's interviewer directory and its edit: the in-memory one every instance shares, or on PostgreSQL one per instance, each
/// following the others' edits through the table's notifications.
/// </summary>
internal sealed record InstanceDirectory(IIndexedInterviewerDirectory Directory, Func<IReadOnlyList<InterviewerProfile>, Task> AddOrUpdateAsync);

/// <summary>Opens the stores the simulated host instances share; the seam where each store adapter plugs in.</summary>
internal interface IStoreFactory : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The stores of one more host instance, over the shared state (a new connection pool for a database, say).</summary>
    ValueTask<StoreSet> OpenInstanceAsync(IClock clock, CancellationToken cancellationToken);
}

internal static class StoreFactories
{
    public const string PostgresVariable = "INTERVIEWBOOKING_TEST_POSTGRES";

    /// <exception cref="ArgumentException">PostgreSQL was asked for without a connection string.</exception>
    public static IStoreFactory Create(StressOptions options) => options.Store == StoreKind.Postgres
        ? new PostgresStoreFactory(PostgresConnection(options))
        : new InMemoryStoreFactory();

    private static string PostgresConnection(StressOptions options) =>
        options.ConnectionString is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured ? configured
        : throw new ArgumentException(
            $"--store postgres needs a server: pass --connection, or set {PostgresVariable} "
            + $"(export {PostgresVariable}=\"$(bash eng/start-postgres.sh)\" starts a throwaway one).");
}

/// <summary>One set of in-memory stores, handed to every instance: K service providers over one process's state.</summary>
internal sealed class InMemoryStoreFactory : IStoreFactory
{
    private StoreSet? _stores;

    public string Name => "inmemory";

    public ValueTask<StoreSet> OpenInstanceAsync(IClock clock, CancellationToken cancellationToken)
    {
        if (_stores is null)
        {
            var coupons = new InMemoryCouponRedemptionStore(clock);
            var outbox = new InMemoryOutboxStore(clock);
            var directory = new InMemoryInterviewerDirectory();
            var reservations = new InMemoryReservationStore(clock, coupons);
            var sessions = new InMemoryPaymentSessionStore(outbox);
            var inbox = new InMemoryPaymentEventInbox();
            var interviews = new InMemoryInterviewStore(outbox);
            var payouts = new InMemoryPayoutStore();
            _stores = new StoreSet(
                reservations,
                sessions,
                inbox,
                coupons,
                interviews,
                outbox,
                payouts,
                new InstanceDirectory(directory, profiles =>
                {
                    directory.AddOrUpdateRange(profiles);
                    return Task.CompletedTask;
                }))
            {
                Retention = new InMemoryRetentionStore(reservations, sessions, interviews, payouts, outbox, inbox),
                Completions = new InMemoryBookingCompletionStore(sessions, reservations, interviews),
            };
        }

        return ValueTask.FromResult(_stores);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// PostgreSQL: a schema of its own for the run (dropped afterwards), and for every instance its own connection pool and stores, as
/// separate host processes sharing one database would have, the interviewer directory included (its own index and listener).
/// </summary>
internal sealed class PostgresStoreFactory(string connectionString) : IStoreFactory
{
    private readonly List<NpgsqlDataSource> _pools = [];
    private readonly List<PostgreSqlInterviewerDirectory> _directories = [];
    private readonly PostgreSqlStoreOptions _options = new() { Schema = "ib_stress_" + Guid.NewGuid().ToString("N")[..16] };

    public string Name => "postgres";

    /// <summary>The run's schema (hosts started elsewhere are pointed at it).</summary>
    public string Schema => _options.Schema;

    public async ValueTask<StoreSet> OpenInstanceAsync(IClock clock, CancellationToken cancellationToken)
    {
        var pool = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 24, ApplicationName = "InterviewBooking.Stress" }.ConnectionString);
        if (_pools.Count == 0)
        {
            await new PostgreSqlBookingSchema(pool, _options).EnsureSchemaAsync(cancellationToken);
        }

        _pools.Add(pool);
        var directory = new PostgreSqlInterviewerDirectory(pool, _options);
        _directories.Add(directory);
        await directory.StartAsync(cancellationToken);
        return new StoreSet(
            new PostgreSqlReservationStore(pool, clock, _options),
            new PostgreSqlPaymentSessionStore(pool, _options),
            new PostgreSqlPaymentEventInbox(pool, _options),
            new PostgreSqlCouponRedemptionStore(pool, clock, _options),
            new PostgreSqlInterviewStore(pool, _options),
            new PostgreSqlOutboxStore(pool, clock, _options),
            new PostgreSqlPayoutStore(pool, _options),
            new InstanceDirectory(directory, profiles => directory.AddOrUpdateRangeAsync(profiles)))
        {
            Completions = new PostgreSqlBookingCompletionStore(pool, clock, _options),
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var directory in _directories)
        {
            await directory.DisposeAsync();
        }

        if (_pools.Count > 0)
        {
            await using var drop = _pools[0].CreateCommand($"DROP SCHEMA IF EXISTS \"{_options.Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
    }
}
