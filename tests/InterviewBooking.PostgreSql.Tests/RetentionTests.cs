using InterviewBooking.Testing;
using NodaTime.Testing;
using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

// The retention contract on the PostgreSQL store set, on its own schema.
public sealed class PostgreSqlRetentionContractTests(PostgresSchemaFixture database) : RetentionContractTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<RetentionStores> CreateStoresAsync(IClock clock) => Task.FromResult(new RetentionStores(
        new PostgreSqlRetentionStore(database.DataSource, database.Options),
        new PostgreSqlReservationStore(database.DataSource, clock, database.Options),
        new PostgreSqlPaymentSessionStore(database.DataSource, database.Options),
        new PostgreSqlInterviewStore(database.DataSource, database.Options),
        new PostgreSqlPayoutStore(database.DataSource, database.Options),
        new PostgreSqlOutboxStore(database.DataSource, clock, database.Options),
        new PostgreSqlPaymentEventInbox(database.DataSource, database.Options)));
}

/// <summary>
/// What a purge locks: only finished rows, a bounded batch at a time, skipping any row another transaction holds. So a hold or a claim in
/// flight never waits for a purge longer than one batch, and a purge never waits for them.
/// </summary>
public sealed class RetentionLockTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private static readonly Instant Start = Instant.FromUtc(2030, 3, 1, 8, 0);
    private static readonly RetentionOptions Options = new() { FinishedRowAge = Duration.FromDays(30), PaymentEventInboxAge = Duration.FromDays(3), DisputeWindow = Duration.FromDays(90) };

    [Fact]
    public async Task A_purge_skips_rows_a_concurrent_hold_or_claim_holds_and_never_waits_for_them()
    {
        var clock = new FakeClock(Start);
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, database.Options);
        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var retention = new PostgreSqlRetentionStore(database.DataSource, database.Options);
        var interviewer = new InterviewerId("iv-lock-" + Guid.NewGuid().ToString("N")[..8]);
        var released = new List<ReservationId>();
        var expired = new List<PaymentSessionId>();
        for (var i = 0; i < 4; i++)
        {
            var hold = await reservations.TryHoldAsync(new HoldRequest(interviewer, Slot(i), "ps-lock-" + i, Start + Duration.FromMinutes(30)));
            await reservations.TryReleaseAsync(hold.Reservation!.Id, "ps-lock-" + i);
            released.Add(hold.Reservation.Id);
            var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Start));
            await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Expired, Start));
            expired.Add(session.Id);
        }

        clock.Advance(Duration.FromDays(40));
        var cutoffs = RetentionCutoffs.At(clock.GetCurrentInstant(), Options);

        // Another transaction holds one of each, as a hold's expiry (the reservation row) and a claim (the session row) do while they run.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Lock(connection, $"SELECT 1 FROM {database.Table("reservations")} WHERE id = $1 FOR UPDATE", released[0].Value);
            await Lock(connection, $"SELECT 1 FROM {database.Table("payment_sessions")} WHERE id = $1 FOR UPDATE", expired[0].Value);

            var purgedReservations = await retention.PurgeReservationsAsync(cutoffs, 100).WaitAsync(TimeSpan.FromSeconds(10));
            var purgedSessions = await retention.PurgePaymentSessionsAsync(cutoffs, 100).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(released.Skip(1).Select(id => id.Value).ToHashSet(), purgedReservations.RemovedIds.Where(id => released.Any(r => r.Value == id)).ToHashSet());
            Assert.Equal(expired.Skip(1).Select(id => id.Value).ToHashSet(), purgedSessions.RemovedIds.Where(id => expired.Any(s => s.Value == id)).ToHashSet());
            await transaction.CommitAsync();
        }

        // Once the other transaction ended, the rows it held go with the next batch.
        Assert.Contains(released[0].Value, (await retention.PurgeReservationsAsync(cutoffs, 100)).RemovedIds);
        Assert.Contains(expired[0].Value, (await retention.PurgePaymentSessionsAsync(cutoffs, 100)).RemovedIds);
    }

    [Fact]
    public async Task Holds_and_claims_run_on_while_bounded_purges_remove_an_interviewers_old_rows()
    {
        var clock = new FakeClock(Start);
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, database.Options);
        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var retention = new PostgreSqlRetentionStore(database.DataSource, database.Options);
        var interviewer = new InterviewerId("iv-busy-" + Guid.NewGuid().ToString("N")[..8]);

        // 400 finished reservations of the interviewer, as the store writes them (a hold, then its release).
        var old = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 400; i++)
        {
            var hold = await reservations.TryHoldAsync(new HoldRequest(interviewer, Slot(i), "ps-old-" + i, Start + Duration.FromMinutes(30)));
            await reservations.TryReleaseAsync(hold.Reservation!.Id, "ps-old-" + i);
            old.Add(hold.Reservation.Id.Value);
        }

        // Paid sessions a month later, each to be claimed (Paid → Booking) while the purges run.
        clock.Advance(Duration.FromDays(40));
        var paid = new List<PaymentSessionId>();
        for (var i = 0; i < 20; i++)
        {
            var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(clock.GetCurrentInstant()));
            await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, clock.GetCurrentInstant()));
            paid.Add(session.Id);
        }

        var cutoffs = RetentionCutoffs.At(clock.GetCurrentInstant(), Options);
        var batches = new List<int>();
        var purging = Task.Run(async () =>
        {
            while (true)
            {
                var batch = await retention.PurgeReservationsAsync(cutoffs, 25);
                batches.Add(batch.Count);
                if (batch.Count < 25)
                {
                    return;
                }
            }
        });

        var slowest = TimeSpan.Zero;
        for (var i = 0; i < paid.Count; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var hold = await reservations.TryHoldAsync(new HoldRequest(
                interviewer, new Interval(clock.GetCurrentInstant() + Duration.FromDays(1) + Duration.FromHours(i), clock.GetCurrentInstant() + Duration.FromDays(1) + Duration.FromHours(i) + Duration.FromMinutes(30)),
                paid[i].Value, clock.GetCurrentInstant() + Duration.FromMinutes(30)));
            var claim = await sessions.TryTransitionAsync(new PaymentSessionTransition(paid[i], PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, clock.GetCurrentInstant()));
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            Assert.True(hold.Succeeded);
            Assert.True(claim.Succeeded);
        }

        await purging;

        Assert.All(batches, count => Assert.InRange(count, 0, 25));
        Assert.True(batches.Sum() == 400, $"Batches: {string.Join(", ", batches)}.");
        Assert.Empty(await reservations.GetHistoryAsync(new ReservationId(old.First())));
        Assert.Equal(paid.Count, (await reservations.GetActiveAsync([interviewer], new Interval(clock.GetCurrentInstant(), clock.GetCurrentInstant() + Duration.FromDays(3)))).Count);

        // A generous bound for a loaded CI machine: a hold and a claim take milliseconds; waiting behind a purge's whole table would take far longer.
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"The slowest hold and claim took {slowest}.");
    }

    // Back to back, half an hour each: 400 of them end within nine days of the start, so all are past the 30-day age 40 days later.
    private static Interval Slot(int i) =>
        new(Start + Duration.FromDays(1) + Duration.FromMinutes(30 * i), Start + Duration.FromDays(1) + Duration.FromMinutes(30 * (i + 1)));

    private static async Task Lock(NpgsqlConnection connection, string sql, string id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync();
    }
}
