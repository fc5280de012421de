using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.PostgreSql.Tests;

// The shared store contracts, each class on its own schema so they run in parallel.
public sealed class PostgreSqlReservationStoreContractTests(PostgresSchemaFixture database) : ReservationStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IReservationStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IReservationStore>(new PostgreSqlReservationStore(database.DataSource, clock, database.Options));
}

// The active reads are prepared by default (the class above); the same contract with every statement sent unprepared.
public sealed class PostgreSqlUnpreparedReservationStoreContractTests(PostgresSchemaFixture database) : ReservationStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IReservationStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IReservationStore>(new PostgreSqlReservationStore(database.DataSource, clock, PostgreSqlUnpreparedPaymentSessionStoreContractTests.Unprepared(database)));
}

public sealed class PostgreSqlHoldRulesContractTests(PostgresSchemaFixture database) : HoldRulesContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<(IReservationStore Reservations, ICouponRedemptionStore Coupons)> CreateStoresAsync(IClock clock) =>
        Task.FromResult<(IReservationStore, ICouponRedemptionStore)>((
            new PostgreSqlReservationStore(database.DataSource, clock, database.Options),
            new PostgreSqlCouponRedemptionStore(database.DataSource, clock, database.Options)));
}

public sealed class PostgreSqlPaymentSessionStoreContractTests(PostgresSchemaFixture database) : PaymentSessionStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IPaymentSessionStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IPaymentSessionStore>(new PostgreSqlPaymentSessionStore(database.DataSource, database.Options));
}

// The booking statements are prepared by default (the class above); the same contract with them sent unprepared, as behind a pooler that cannot keep them.
public sealed class PostgreSqlUnpreparedPaymentSessionStoreContractTests(PostgresSchemaFixture database) : PaymentSessionStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IPaymentSessionStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IPaymentSessionStore>(new PostgreSqlPaymentSessionStore(database.DataSource, Unprepared(database)));

    internal static PostgreSqlStoreOptions Unprepared(PostgresSchemaFixture database) =>
        new() { Schema = database.Schema, PrepareBookingStatements = false, PrepareActiveReads = false };
}

public sealed class PostgreSqlCouponRedemptionStoreContractTests(PostgresSchemaFixture database) : CouponRedemptionStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<ICouponRedemptionStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<ICouponRedemptionStore>(new PostgreSqlCouponRedemptionStore(database.DataSource, clock, database.Options));
}

public sealed class PostgreSqlPaymentEventInboxContractTests(PostgresSchemaFixture database) : PaymentEventInboxContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IPaymentEventInbox> CreateInboxAsync(IClock clock) =>
        Task.FromResult<IPaymentEventInbox>(new PostgreSqlPaymentEventInbox(database.DataSource, database.Options));
}

public sealed class PostgreSqlInterviewStoreContractTests(PostgresSchemaFixture database) : InterviewStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<(IInterviewStore Interviews, IOutboxStore Outbox)> CreateStoresAsync(IClock clock) =>
        Task.FromResult<(IInterviewStore, IOutboxStore)>((
            new PostgreSqlInterviewStore(database.DataSource, database.Options), new PostgreSqlOutboxStore(database.DataSource, clock, database.Options)));
}

// The lifecycle on the database's stores; the directory and gateway in memory. Each test starts from empty tables (the tests of one class
// run one at a time): leases see every due row of the schema, and the bookings of one test would take the next one's slots.
public sealed class PostgreSqlInterviewLifecycleContractTests(PostgresSchemaFixture database) : InterviewLifecycleContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override async Task<IServiceProvider> CreateServicesAsync(Action<IInterviewBookingBuilder> configure, IReadOnlyList<InterviewerProfile> interviewers)
    {
        await database.ExecuteAsync(
            $"DO $$ BEGIN EXECUTE (SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') || ' CASCADE' FROM pg_tables "
            + $"WHERE schemaname = '{database.Schema}' AND tablename <> 'schema_versions'); END $$");
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddInterviewBooking();
        configure(builder);
        builder.AddInMemoryStores(directory => directory.AddOrUpdateRange(interviewers))
            .AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema)
            .AddSimulatedPayments()
            .AddOutboxWorker();
        return services.BuildServiceProvider();
    }

    protected override PaymentEvent CompletePayment(IServiceProvider services, PaymentSessionId sessionId) =>
        services.GetRequiredService<InterviewBooking.InMemory.SimulatedPaymentGateway>().CompleteCheckout(sessionId);
}

// The property suites: random histories against the model, every round trip a real query, so fewer of them than in memory.
public sealed class PostgreSqlReservationStorePropertyTests(PostgresSchemaFixture database) : ReservationStorePropertyTests, IClassFixture<PostgresSchemaFixture>
{
    protected override int SequentialIterations => 40;

    protected override int ConcurrentIterations => 20;

    protected override Task<IReservationStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IReservationStore>(new PostgreSqlReservationStore(database.DataSource, clock, database.Options));
}

public sealed class PostgreSqlPaymentSessionStorePropertyTests(PostgresSchemaFixture database) : PaymentSessionStorePropertyTests, IClassFixture<PostgresSchemaFixture>
{
    protected override int Iterations => 60;

    protected override Task<IPaymentSessionStore> CreateStoreAsync() =>
        Task.FromResult<IPaymentSessionStore>(new PostgreSqlPaymentSessionStore(database.DataSource, database.Options));
}

// The start fuzzed on PostgreSQL: the flow's stores are the database's, the directory and gateway in memory.
public sealed class PostgreSqlBookingStartFuzzTests : BookingStartFuzzTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly PostgresSchemaFixture _database;
    private string? _countRows;

    public PostgreSqlBookingStartFuzzTests(PostgresSchemaFixture database, Xunit.Abstractions.ITestOutputHelper output)
    {
        _database = database;
        Output = output;
    }

    protected override async Task<BookingService> CreateBookingServiceAsync(IClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddInterviewBooking(ConfigureOptions)
            .AddInMemoryStores(directory => directory.AddOrUpdateRange(Interviewers))
            .AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = _database.Schema)
            .AddSimulatedPayments();
        var host = Track(services.BuildServiceProvider());

        // Every table of the schema but its version list and the hold's lock rows, whatever migrations added: "nothing written" means no
        // row anywhere. A lock row (interviewer_days, candidate_holds) holds no data, only a key to lock; a hold creates it on first use,
        // before it counts, and it stays for the holds after.
        var tables = new List<string>();
        await using (var command = _database.DataSource.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT IN ('schema_versions', 'interviewer_days', 'candidate_holds') ORDER BY table_name"))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _database.Schema });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        _countRows = "SELECT " + string.Join(" + ", tables.Select(t => $"(SELECT count(*) FROM {_database.Table(t)})"));
        return host.GetRequiredService<BookingService>();
    }

    protected override Task<long> CountStoredRowsAsync() => _database.ScalarAsync<long>(_countRows!);
}

public sealed class PostgreSqlOutboxStoreContractTests(PostgresSchemaFixture database) : OutboxStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    // Leases see every due row of the schema, so each test starts from an empty outbox (the tests of one class run one at a time).
    protected override async Task<(IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock)
    {
        await database.ExecuteAsync($"TRUNCATE {database.Table("outbox")}");
        return (new PostgreSqlOutboxStore(database.DataSource, clock, database.Options), new PostgreSqlPaymentSessionStore(database.DataSource, database.Options));
    }
}

public sealed class PostgreSqlPayoutStoreContractTests(PostgresSchemaFixture database) : PayoutStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    // Three dispatchers lease from one outbox table, as three host instances do; each test starts from an empty outbox.
    protected override async Task<(IPayoutStore Payouts, IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock)
    {
        await database.ExecuteAsync($"TRUNCATE {database.Table("outbox")}");
        return (
            new PostgreSqlPayoutStore(database.DataSource, database.Options),
            new PostgreSqlOutboxStore(database.DataSource, clock, database.Options),
            new PostgreSqlPaymentSessionStore(database.DataSource, database.Options));
    }
}

public sealed class PostgreSqlBookingCompletionStoreContractTests(PostgresSchemaFixture database) : BookingCompletionStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<(IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox)>
        CreateStoresAsync(IClock clock) =>
        Task.FromResult<(IBookingCompletionStore, IPaymentSessionStore, IReservationStore, IInterviewStore, IOutboxStore)>((
            new PostgreSqlBookingCompletionStore(database.DataSource, clock, database.Options),
            new PostgreSqlPaymentSessionStore(database.DataSource, database.Options),
            new PostgreSqlReservationStore(database.DataSource, clock, database.Options),
            new PostgreSqlInterviewStore(database.DataSource, database.Options),
            new PostgreSqlOutboxStore(database.DataSource, clock, database.Options)));
}

public sealed class PostgreSqlUnpreparedBookingCompletionStoreContractTests(PostgresSchemaFixture database)
    : BookingCompletionStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<(IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox)>
        CreateStoresAsync(IClock clock)
    {
        var options = PostgreSqlUnpreparedPaymentSessionStoreContractTests.Unprepared(database);
        return Task.FromResult<(IBookingCompletionStore, IPaymentSessionStore, IReservationStore, IInterviewStore, IOutboxStore)>((
            new PostgreSqlBookingCompletionStore(database.DataSource, clock, options),
            new PostgreSqlPaymentSessionStore(database.DataSource, options),
            new PostgreSqlReservationStore(database.DataSource, clock, options),
            new PostgreSqlInterviewStore(database.DataSource, options),
            new PostgreSqlOutboxStore(database.DataSource, clock, options)));
    }
}
