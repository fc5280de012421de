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
