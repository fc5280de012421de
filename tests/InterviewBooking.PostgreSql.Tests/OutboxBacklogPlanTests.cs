using NodaTime.Testing;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// The backlog count on an outbox of many delivered rows: exact, and planned over the partial indexes of migration 5 (outbox_due_idx,
/// outbox_dead_lettered_idx), never a scan of the table, so a health check costs the same however much was delivered.
/// </summary>
public sealed class OutboxBacklogPlanTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private static readonly Instant Now = Instant.FromUtc(2030, 1, 1, 8, 0);

    [Fact]
    public async Task Backlog_reads_only_the_partial_indexes_of_many_delivered_rows()
    {
        var table = database.Table("outbox");
        await database.ExecuteAsync($"TRUNCATE {table}");
        await database.ExecuteAsync(
            $$"""
            INSERT INTO {{table}} (key, kind, data, due_at, status, attempts, next_attempt_at, created_at, finished_at)
            SELECT 'done-' || n, 'plan-test', '{}', $1, 'completed', 1, $1, $1, $1 FROM generate_series(1, 20000) AS n
            """,
            Now.ToDateTimeUtc());
        var store = new PostgreSqlOutboxStore(database.DataSource, new FakeClock(Now), database.Options);
        for (var i = 0; i < 5; i++)
        {
            await store.EnqueueAsync(new OutboxMessage($"due-{i}", "plan-test", Now - Duration.FromMinutes(10 - i)));
        }

        await store.EnqueueAsync(new OutboxMessage("later", "plan-test", Now + Duration.FromHours(1)));
        await database.ExecuteAsync(
            $"INSERT INTO {table} (key, kind, data, due_at, status, attempts, next_attempt_at, created_at, finished_at, last_error) " +
            "SELECT 'dead-' || n, 'plan-test', '{}', $1, 'dead_lettered', 10, $1, $1, $1, 'refused' FROM generate_series(1, 2) AS n",
            Now.ToDateTimeUtc());
        await database.ExecuteAsync($"ANALYZE {table}");

        Assert.Equal(new OutboxBacklog(5, Now - Duration.FromMinutes(10), 2), await store.GetBacklogAsync());

        await using var explain = database.DataSource.CreateCommand("EXPLAIN (FORMAT JSON) " + store.BacklogSql);
        explain.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = Now.ToDateTimeUtc() });
        var plan = (string)(await explain.ExecuteScalarAsync())!;

        Assert.Contains("\"outbox_due_idx\"", plan, StringComparison.Ordinal);
        Assert.Contains("\"outbox_dead_lettered_idx\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }
}
