using InterviewBooking.Testing;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>The outbox migration applied in place to a schema that holds data written by the release before it.</summary>
public sealed class OutboxSchemaTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>, IAsyncLifetime
{
    /// <summary>The schema version of the release before the outbox; the one place that names it.</summary>
    private const int PreviousVersion = 4;

    private readonly string _schema = PostgresServer.NewSchemaName("ib_outbox_up");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await database.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");

    [Fact]
    public async Task Sessions_written_before_the_outbox_upgrade_in_place_and_their_next_changes_write_their_messages()
    {
        var options = new PostgreSqlStoreOptions { Schema = _schema };
        var schema = new PostgreSqlBookingSchema(database.DataSource, options);
        Assert.Equal(PreviousVersion, await schema.MigrateAsync(PreviousVersion));
        var clock = new FakeClock(Instant.FromUtc(2030, 1, 1, 8, 0));
        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, options);

        // Written by the previous release: a paid session (rows as its statements wrote them: the refunds columns came after).
        var session = PaymentSessionSamples.Pending(clock.GetCurrentInstant());
        await database.ExecuteAsync(
            $$"""
            INSERT INTO "{{_schema}}".payment_sessions (
                id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, plan_id, add_ons,
                price_minor_units, price_currency, price_lines, created_at, updated_at, expires_at)
            VALUES ($1, 'paid', 2, 'cand', 'Ada', 'ada@example.com', 'Europe/Berlin', 'standard-60', '[]', 11500, 'USD', '[]',
                '2030-01-01 08:00Z', '2030-01-01 08:00Z', '2030-01-01 08:30Z')
            """,
            session.Id.Value);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'outbox'", _schema));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        clock.Advance(Duration.FromMinutes(1));
        var message = new OutboxMessage($"{session.Id}:notification:refund-required:0", OutboxKinds.Notification, clock.GetCurrentInstant())
        {
            SessionId = session.Id,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.NotificationKind] = nameof(BookingNotificationKind.RefundRequired) },
        };
        var flagged = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.RefundRequired, clock.GetCurrentInstant())
            {
                ExpectedVersion = 2,
                Reason = "slot lost",
                Outbox = [message],
            });

        Assert.True(flagged.Succeeded);
        var outbox = new PostgreSqlOutboxStore(database.DataSource, clock, options);
        var leased = Assert.Single(await outbox.LeaseAsync(10, Duration.FromMinutes(1)));
        Assert.Equal(message.Key, leased.Message.Key);
        Assert.Equal(nameof(BookingNotificationKind.RefundRequired), leased.Message.Data[OutboxDataKeys.NotificationKind]);
        Assert.Equal([PaymentSessionStatus.RefundRequired], (await sessions.GetHistoryAsync(session.Id)).Select(c => c.To)); // a trail starts after the upgrade
    }
}
