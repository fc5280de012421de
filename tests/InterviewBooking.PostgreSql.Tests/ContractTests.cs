using InterviewBooking.Testing;

namespace InterviewBooking.PostgreSql.Tests;

// The shared store contracts, each class on its own schema so they run in parallel.
public sealed class PostgreSqlReservationStoreContractTests(PostgresSchemaFixture database) : ReservationStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IReservationStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IReservationStore>(new PostgreSqlReservationStore(database.DataSource, clock, database.Options));
}

public sealed class PostgreSqlPaymentSessionStoreContractTests(PostgresSchemaFixture database) : PaymentSessionStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<IPaymentSessionStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IPaymentSessionStore>(new PostgreSqlPaymentSessionStore(database.DataSource, database.Options));
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
    protected override Task<IInterviewStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult<IInterviewStore>(new PostgreSqlInterviewStore(database.DataSource, database.Options));
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

public sealed class PostgreSqlOutboxStoreContractTests(PostgresSchemaFixture database) : OutboxStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    // Leases see every due row of the schema, so each test starts from an empty outbox (the tests of one class run one at a time).
    protected override async Task<(IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock)
    {
        await database.ExecuteAsync($"TRUNCATE {database.Table("outbox")}");
        return (new PostgreSqlOutboxStore(database.DataSource, clock, database.Options), new PostgreSqlPaymentSessionStore(database.DataSource, database.Options));
    }
}
