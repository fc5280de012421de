using NodaTime.Testing;
using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// The active reads (<see cref="PostgreSqlStoreOptions.PrepareActiveReads"/>, on by default) on a schema of some size: 2,000 interviewers,
/// each with 20 confirmed interviews in the past and 4 in the coming week. A read of up to
/// <see cref="PostgreSqlReservationStore.PreparedReadLimit"/> ids is prepared and runs on its one plan from the first call, the probe of
/// version 16's bytewise index per interviewer, never the GiST exclusion index, over a busy week or an empty month alike. A read of more
/// ids is never prepared: planned for its values, over an empty month it reads an index over the window instead of probing each.
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
    public async Task A_busy_weeks_reads_of_a_few_ids_run_on_one_plan_which_probes_the_bytewise_index_per_interviewer()
    {
        var (plans, plan) = await ReadAsync(new Interval(Now, Now + Duration.FromDays(7)), expectedPerInterviewer: 4, PostgreSqlReservationStore.PreparedReadLimit);

        Assert.Equal("generic", plans);
        Assert.True(plan.Contains("Index Scan on reservations_active_interviewer_bytes_idx", StringComparison.Ordinal) ||
            plan.Contains("Index Scan using reservations_active_interviewer_bytes_idx", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("Nested Loop", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("reservations_no_overlap", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_months_reads_of_a_few_ids_run_on_the_same_one_plan()
    {
        var (plans, plan) = await ReadAsync(new Interval(Now + Duration.FromDays(30), Now + Duration.FromDays(60)), expectedPerInterviewer: 0, PostgreSqlReservationStore.PreparedReadLimit);

        Assert.Equal("generic", plans);
        Assert.True(plan.Contains("reservations_active_interviewer_bytes_idx", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task A_read_of_many_ids_over_an_empty_month_is_planned_for_its_values_and_reads_an_index_over_the_window()
    {
        var store = new PostgreSqlReservationStore(database.DataSource, new FakeClock(Now), database.Options);
        var ids = string.Join(", ", Enumerable.Range(0, 400).Select(i => $"'plan-iv-{i * 5:D4}'"));
        var explain = (
            $"EXPLAIN EXECUTE plan_wide (ARRAY[{ids}], '{Now + Duration.FromDays(30)}', '{Now + Duration.FromDays(60)}', '{Now}')");
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var prepare = new NpgsqlCommand(
            $"PREPARE plan_wide (text[], timestamptz, timestamptz, timestamptz) AS {store.PlannedActiveSlotsStatement}", connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }

        // The first executions of a prepared statement are planned for their values, as an unprepared one always is.
        var lines = new List<string>();
        await using (var command = new NpgsqlCommand(explain, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await using (var deallocate = new NpgsqlCommand("DEALLOCATE plan_wide", connection))
        {
            await deallocate.ExecuteNonQueryAsync();
        }

        var plan = string.Join('\n', lines);
        Assert.True(
            plan.Contains("reservations_active_slot_idx", StringComparison.Ordinal) || plan.Contains("reservations_slot_end_idx", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("reservations_active_interviewer_bytes_idx", plan, StringComparison.Ordinal);
        Assert.Empty(await store.GetActiveSlotsAsync([.. Enumerable.Range(0, 400).Select(i => new InterviewerId($"plan-iv-{i * 5:D4}"))], new Interval(Now + Duration.FromDays(30), Now + Duration.FromDays(60))));
    }

    [Fact]
    public async Task A_read_of_more_ids_than_the_limit_is_never_prepared()
    {
        await using var oneConnection = PostgresServer.CreateDataSource(maxPoolSize: 1);
        var store = new PostgreSqlReservationStore(oneConnection, new FakeClock(Now), database.Options);
        var ids = Enumerable.Range(0, PostgreSqlReservationStore.PreparedReadLimit + 1).Select(i => new InterviewerId($"plan-iv-{i * 15:D4}")).ToArray();
        var week = new Interval(Now, Now + Duration.FromDays(7));
        for (var call = 0; call < Calls; call++)
        {
            Assert.Equal(4 * ids.Length, (await store.GetActiveSlotsAsync(ids, week)).Count);
            Assert.Equal(4 * ids.Length, (await store.GetActiveAsync(ids, week)).Count);
        }

        await using var prepared = oneConnection.CreateCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement IN ($1, $2)");
        prepared.Parameters.Add(new NpgsqlParameter { Value = store.ActiveSlotsStatement });
        prepared.Parameters.Add(new NpgsqlParameter { Value = store.ActiveStatement });
        Assert.Equal(0L, (long)(await prepared.ExecuteScalarAsync())!);
    }

    /// <summary>
    /// Reads the slots of <paramref name="count"/> interviewers over <paramref name="window"/> <see cref="Calls"/> times through the store on one pooled connection,
    /// then says which plans PostgreSQL ran the prepared statement on (pg_prepared_statements) and what the last plan was.
    /// </summary>
    private async Task<(string Plans, string Plan)> ReadAsync(Interval window, int expectedPerInterviewer, int count)
    {
        await using var oneConnection = PostgresServer.CreateDataSource(maxPoolSize: 1);
        var store = new PostgreSqlReservationStore(oneConnection, new FakeClock(Now), database.Options);
        var ids = Enumerable.Range(0, count).Select(i => new InterviewerId($"plan-iv-{i * 15:D4}")).ToArray();
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

        var plans = (generic, custom) switch
        {
            (Calls, 0) => "generic",
            (0, Calls) => "custom",
            _ => $"{generic} generic, {custom} custom",
        };

        // The same statement prepared under a name of its own, on the one plan the store's batch asks for: EXPLAIN EXECUTE shows it.
        await using (var prepare = new NpgsqlCommand(
            $"SET plan_cache_mode = force_generic_plan; PREPARE plan_probe (text[], timestamptz, timestamptz, timestamptz) AS {store.ActiveSlotsStatement}", connection))
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

        await using (var deallocate = new NpgsqlCommand("DEALLOCATE plan_probe; RESET plan_cache_mode", connection))
        {
            await deallocate.ExecuteNonQueryAsync();
        }

        return (plans, string.Join('\n', lines));
    }
}
