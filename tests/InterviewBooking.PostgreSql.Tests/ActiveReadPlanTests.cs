using NodaTime.Testing;
using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// The prepared active reads (<see cref="PostgreSqlStoreOptions.PrepareActiveReads"/>, on by default) on a schema of some size: 2,000
/// interviewers, each with 20 confirmed interviews in the past and 4 in the coming week. PostgreSQL settles on the generic plan only where it
/// costs no more than the plans it made for the values given. So a read of a busy week runs on one plan, the probe of version 16's
/// bytewise index per interviewer, never the GiST exclusion index. A read of an empty month keeps being planned for its values and reads
/// an index over the window instead (by slot or by end: both find nothing there), not a probe per interviewer.
/// </summary>
public sealed class ActiveReadPlanTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>, IAsyncLifetime
{
    private const int Interviewers = 2_000;
    private const int Calls = 8;
    private static readonly Instant Now = Instant.FromUtc(2030, 3, 4, 8, 0);

    public async Task InitializeAsync()
    {
        var table = database.Table("reservations");
        await database.ExecuteAsync($"TRUNCATE {table} CASCADE");

        // Day d of interviewer i at hour i % 10: 20 days a year back (confirmed, past), 4 days from tomorrow (confirmed, ahead).
        await database.ExecuteAsync(
            $"""
            INSERT INTO {table} (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at)
            SELECT 'plan-' || i || '-' || d, 'plan-iv-' || lpad(i::text, 4, '0'),
                   tstzrange(start, start + interval '1 hour', '[)'), 'plan-test', 'confirmed', $1, $1, $1
            FROM generate_series(0, {Interviewers - 1}) AS i,
                 generate_series(-385, -366) AS d,
                 LATERAL (SELECT $1 + d * interval '1 day' + (i % 10) * interval '1 hour') AS at(start)
            UNION ALL
            SELECT 'plan-' || i || '-' || d, 'plan-iv-' || lpad(i::text, 4, '0'),
                   tstzrange(start, start + interval '1 hour', '[)'), 'plan-test', 'confirmed', $1, $1, $1
            FROM generate_series(0, {Interviewers - 1}) AS i,
                 generate_series(1, 4) AS d,
                 LATERAL (SELECT $1 + d * interval '1 day' + (i % 10) * interval '1 hour') AS at(start)
            """,
            Now.ToDateTimeUtc());
        await database.ExecuteAsync($"ANALYZE {table}");
    }

    public Task DisposeAsync() => database.ExecuteAsync($"TRUNCATE {database.Table("reservations")} CASCADE");

    [Fact]
    public async Task A_busy_weeks_reads_settle_on_the_generic_plan_which_probes_the_bytewise_index_per_interviewer()
    {
        var (plans, plan) = await ReadAsync(new Interval(Now, Now + Duration.FromDays(7)), expectedPerInterviewer: 4);

        Assert.Equal("generic", plans);
        Assert.True(plan.Contains("Index Scan on reservations_active_interviewer_bytes_idx", StringComparison.Ordinal) ||
            plan.Contains("Index Scan using reservations_active_interviewer_bytes_idx", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("Nested Loop", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("reservations_no_overlap", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_months_reads_keep_their_custom_plans_which_read_an_index_over_the_window()
    {
        var (plans, plan) = await ReadAsync(new Interval(Now + Duration.FromDays(30), Now + Duration.FromDays(60)), expectedPerInterviewer: 0);

        Assert.Equal("custom", plans);
        Assert.True(
            plan.Contains("reservations_active_slot_idx", StringComparison.Ordinal) || plan.Contains("reservations_slot_end_idx", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("reservations_active_interviewer_bytes_idx", plan, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads the slots of 128 interviewers over <paramref name="window"/> <see cref="Calls"/> times through the store on one pooled connection,
    /// then says which plans PostgreSQL ran the prepared statement on (pg_prepared_statements) and what the last plan was.
    /// </summary>
    private async Task<(string Plans, string Plan)> ReadAsync(Interval window, int expectedPerInterviewer)
    {
        await using var oneConnection = PostgresServer.CreateDataSource(maxPoolSize: 1);
        var store = new PostgreSqlReservationStore(oneConnection, new FakeClock(Now), database.Options);
        var ids = Enumerable.Range(0, 128).Select(i => new InterviewerId($"plan-iv-{i * 15:D4}")).ToArray();
        for (var call = 0; call < Calls; call++)
        {
            Assert.Equal(ids.Length * expectedPerInterviewer, (await store.GetActiveSlotsAsync(ids, window)).Count);
        }

        await using var connection = await oneConnection.OpenConnectionAsync();
        await using var counts = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1", connection);
        counts.Parameters.Add(new NpgsqlParameter { Value = store.ActiveSlotsStatement });
        long generic, custom;
        await using (var reader = await counts.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), "The slots read was not prepared on the connection.");
            (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        // PostgreSQL plans the first five executions for their values, then compares; from then on it keeps to one kind.
        var plans = (generic, custom) switch
        {
            ( > 0, 5) => "generic",
            (0, Calls) => "custom",
            _ => $"{generic} generic, {custom} custom",
        };

        // The same statement prepared under a name of its own: EXPLAIN EXECUTE after the same number of calls shows the plan it settles on.
        await using (var prepare = new NpgsqlCommand(
            $"PREPARE plan_probe (text[], timestamptz, timestamptz, timestamptz) AS {store.ActiveSlotsStatement}", connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }

        var arguments = $"ARRAY[{string.Join(", ", ids.Select(id => $"'{id.Value}'"))}], '{window.Start}', '{window.End}', '{Now}'";
        for (var call = 0; call < Calls - 1; call++)
        {
            await using var execute = new NpgsqlCommand($"EXECUTE plan_probe ({arguments})", connection);
            await execute.ExecuteNonQueryAsync();
        }

        var lines = new List<string>();
        await using (var explain = new NpgsqlCommand($"EXPLAIN EXECUTE plan_probe ({arguments})", connection))
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await using (var deallocate = new NpgsqlCommand("DEALLOCATE plan_probe", connection))
        {
            await deallocate.ExecuteNonQueryAsync();
        }

        return (plans, string.Join('\n', lines));
    }
}
