using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Where a PostgreSQL match's read spends its time: <c>-- match-read [10000 100000]</c> (with <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set, on
/// the schemas <see cref="PostgreSqlMatchBenchmarks"/> seeds). Records the reads the matcher makes for each of the 256 requests (ids and window),
/// then for each recorded read prints the median of <c>EXPLAIN (ANALYZE, BUFFERS, SUMMARY)</c>'s planning and execution times and of the
/// store call as the client sees it. A diagnostic beside the benchmark, never a replacement for it.
/// </summary>
internal static class MatchReadProbe
{
    private const int Rounds = 5;

    public static async Task RunAsync(string[] args)
    {
        foreach (var size in args.Length > 0 ? args.Select(int.Parse).ToArray() : [100_000])
        {
            var data = MatchingData.Generate(size);
            var clock = MatchingData.Clock();
            var reserved = new InMemoryReservationStore(clock);
            await data.ReserveAsync(reserved);
            using var pool = Bench.DataSource(maxPoolSize: 4);
            var options = await PostgreSqlMatchingData.EnsureAsync(pool, data, reserved);
            var store = new PostgreSqlReservationStore(pool, clock, options);
            var recorder = new RecordingReservationStore(store);
            var matcher = new ScoringInterviewerMatcher(data.Directory(), recorder, new MatchBenchmarks.FixedOptions(new InterviewBookingOptions()), clock);
            foreach (var request in data.Requests)
            {
                await matcher.MatchAsync(request, 5);
            }

            var reads = recorder.Reads;
            Console.WriteLine(
                $"{size:N0} interviewers: {reads.Count} reads for {data.Requests.Length} matches; ids a read: median {Median(reads.Select(r => (double)r.Ids.Length)):F0} " +
                $"(min {reads.Min(r => r.Ids.Length)}, max {reads.Max(r => r.Ids.Length)}); rows a read: median {Median(reads.Select(r => (double)r.Rows)):F0} " +
                $"(min {reads.Min(r => r.Rows)}, max {reads.Max(r => r.Rows)}); ids a match: mean {reads.Sum(r => r.Ids.Length) / (double)data.Requests.Length:F0}");

            var now = clock.GetCurrentInstant();
            var before = Version12Statement(store.ActiveStatement);
            await ExplainAsync(pool, "before: version 12's GetActiveAsync, custom plan (unprepared)", before, reads, now);
            await ExplainAsync(pool, "before: version 12's GetActiveAsync, generic plan (prepared)", before, reads, now, generic: true);
            await ExplainAsync(pool, "after: GetActiveAsync, custom plan", store.ActiveStatement, reads, now);
            await ExplainAsync(pool, "after: GetActiveAsync, generic plan (prepared)", store.ActiveStatement, reads, now, generic: true);
            await ExplainAsync(pool, "after: GetActiveSlotsAsync, custom plan", store.ActiveSlotsStatement, reads, now);
            await ExplainAsync(pool, "after: GetActiveSlotsAsync, generic plan (prepared)", store.ActiveSlotsStatement, reads, now, generic: true);

            await TimeAsync("SELECT 1 (a pooled connection's round trip)", reads, async _ =>
            {
                await using var connection = await pool.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
            });
            await TimeAsync("before: version 12's statement unprepared, its 11 columns read", reads, async read =>
            {
                await using var connection = await pool.OpenConnectionAsync();
                await using var command = Command(connection, before, read, now);
                await using var reader = await command.ExecuteReaderAsync();
                var values = new object[reader.FieldCount];
                while (await reader.ReadAsync())
                {
                    reader.GetValues(values);
                }
            });
            foreach (var prepared in new[] { false, true })
            {
                await TimeAsync($"the slots statement {(prepared ? "prepared" : "unprepared")}, its 4 columns read", reads, async read =>
                {
                    await using var connection = await pool.OpenConnectionAsync();
                    await using var command = Command(connection, store.ActiveSlotsStatement, read, now);
                    if (prepared)
                    {
                        await command.PrepareAsync();
                    }

                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        _ = (reader.GetInt32(0), reader.GetFieldValue<DateTime>(1), reader.GetFieldValue<DateTime>(2), reader.IsDBNull(3));
                    }
                });
            }

            await TimeAsync("after: GetActiveAsync (prepared, Reservation objects)", reads, read => store.GetActiveAsync(read.Ids, read.Window));
            await TimeAsync("after: GetActiveSlotsAsync (prepared, 4 columns)", reads, read => store.GetActiveSlotsAsync(read.Ids, read.Window));
        }

        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>Median planning and execution time, shared hits and rows of the statement over every recorded read (the last of <see cref="Rounds"/> runs each).</summary>
    internal static async Task ExplainAsync(NpgsqlDataSource pool, string name, string statement, IReadOnlyList<Read> reads, Instant now, bool generic = false)
    {
        var planning = new List<double>();
        var execution = new List<double>();
        var hits = new List<double>();
        string? plan = null;
        await using var connection = await pool.OpenConnectionAsync();
        if (generic)
        {
            // As a prepared statement runs once PostgreSQL has settled on its generic plan.
#pragma warning disable CA2100 // the store's own statement text
            await using var prepare = new NpgsqlCommand(
                $"SET plan_cache_mode = force_generic_plan; PREPARE probe (text[], timestamptz, timestamptz, timestamptz) AS {statement}", connection);
#pragma warning restore CA2100
            await prepare.ExecuteNonQueryAsync();
        }

        foreach (var read in reads)
        {
            for (var round = 0; round < Rounds; round++)
            {
                await using var command = generic
                    ? Execute(connection, read, now)
                    : Command(connection, "EXPLAIN (ANALYZE, BUFFERS, SUMMARY, FORMAT JSON) " + statement, read, now);
                var json = (string)(await command.ExecuteScalarAsync())!;
                if (round < Rounds - 1)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(json);
                var root = document.RootElement[0];
                planning.Add(root.GetProperty("Planning Time").GetDouble());
                execution.Add(root.GetProperty("Execution Time").GetDouble());
                hits.Add(root.GetProperty("Plan").GetProperty("Shared Hit Blocks").GetDouble());
                plan ??= Describe(root.GetProperty("Plan"), 0);
            }
        }

        if (generic)
        {
            await using var reset = new NpgsqlCommand("DEALLOCATE probe; RESET plan_cache_mode", connection);
            await reset.ExecuteNonQueryAsync();
        }

        Console.WriteLine(
            $"{name}: EXPLAIN ANALYZE median planning {Median(planning).ToString("F3", CultureInfo.InvariantCulture)} ms, execution {Median(execution).ToString("F3", CultureInfo.InvariantCulture)} ms, " +
            $"shared hits {Median(hits):F0}\n{plan}");
    }

    /// <summary>The median time of <paramref name="call"/> over every recorded read (after <see cref="Rounds"/> - 1 warm-up passes).</summary>
    internal static async Task TimeAsync(string name, IReadOnlyList<Read> reads, Func<Read, Task> call)
    {
        var times = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var read in reads)
            {
                var started = Stopwatch.GetTimestamp();
                await call(read);
                if (round > 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine($"{name}: median {Median(times).ToString("F3", CultureInfo.InvariantCulture)} ms a read (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }

    /// <summary>The statement with the parameters the store sends for <paramref name="read"/>: $1 ids, $2 and $3 the window's ends, $4 now.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string statement, Read read, Instant now)
    {
#pragma warning disable CA2100 // the store's own statement text
        var command = new NpgsqlCommand(statement, connection);
#pragma warning restore CA2100
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. read.Ids.Select(static id => id.Value).Distinct(StringComparer.Ordinal)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = read.Window.HasStart ? read.Window.Start.ToDateTimeUtc() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = read.Window.HasEnd ? read.Window.End.ToDateTimeUtc() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    /// <summary>EXPLAIN of the statement prepared as <c>probe</c>, with <paramref name="read"/>'s values as literals (EXECUTE takes no parameters here).</summary>
    private static NpgsqlCommand Execute(NpgsqlConnection connection, Read read, Instant now)
    {
        static string Literal(Instant? value) => value is { } instant ? $"'{instant.ToString("uuuu-MM-dd'T'HH:mm:ss.FFFFFFFFF'Z'", CultureInfo.InvariantCulture)}'::timestamptz" : "NULL::timestamptz";
        var ids = string.Join(", ", read.Ids.Select(static id => id.Value).Distinct(StringComparer.Ordinal).Select(static id => "'" + id.Replace("'", "''", StringComparison.Ordinal) + "'"));
#pragma warning disable CA2100 // ids from the generated data, quoted
        return new NpgsqlCommand(
            $"EXPLAIN (ANALYZE, BUFFERS, SUMMARY, FORMAT JSON) EXECUTE probe (ARRAY[{ids}]::text[], {Literal(read.Window.HasStart ? read.Window.Start : null)}, " +
            $"{Literal(read.Window.HasEnd ? read.Window.End : null)}, {Literal(now)})",
            connection);
#pragma warning restore CA2100
    }

    /// <summary>The read as version 12 sent it: the overlap as <c>slot &amp;&amp; tstzrange($2, $3)</c>, which a GiST index can also serve.</summary>
    private static string Version12Statement(string statement)
    {
        const string Now = "upper(slot) > coalesce($2, '-infinity'::timestamptz) AND lower(slot) < coalesce($3, 'infinity'::timestamptz)";
        return statement.Contains(Now, StringComparison.Ordinal)
            ? statement.Replace(Now, "lower(slot) < coalesce($3, 'infinity'::timestamptz) AND slot && tstzrange($2, $3, '[)')", StringComparison.Ordinal)
            : throw new InvalidOperationException("The store's statement changed: update the probe's version 12 form.");
    }

    private static string Describe(JsonElement node, int depth)
    {
        var line = new string(' ', 2 * depth) + node.GetProperty("Node Type").GetString()
            + (node.TryGetProperty("Index Name", out var index) ? " using " + index.GetString() : string.Empty)
            + (node.TryGetProperty("Actual Rows", out var rows) ? $" rows={rows.GetDouble():F0}" : string.Empty)
            + (node.TryGetProperty("Actual Loops", out var loops) ? $" loops={loops.GetDouble():F0}" : string.Empty)
            + (node.TryGetProperty("Heap Fetches", out var fetches) ? $" heap fetches={fetches.GetDouble():F0}" : string.Empty);
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                line += "\n" + Describe(child, depth + 1);
            }
        }

        return line;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    /// <summary>One read the matcher made: the ids and window it asked for, and how many rows came back.</summary>
    internal sealed record Read(InterviewerId[] Ids, Interval Window, int Rows);

    /// <summary>A reservation store that keeps every read the matcher makes.</summary>
    private sealed class RecordingReservationStore(IReservationStore inner) : ObservedReservationStore(inner)
    {
        public List<Read> Reads { get; } = [];

        protected override void Observe(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, int answered) =>
            Reads.Add(new Read([.. interviewerIds], window, answered));
    }
}
