using BenchmarkDotNet.Running;
using InterviewBooking.Benchmarks;
using InterviewBooking.Benchmarks.MillionRows;

// dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*' --job short
// Matching only (README "Performance"): --filter '*Match*' --job short
// Seeding the full schema of MillionRowsBenchmarks ahead of its run: -- seed [sessions] [schema version]
if (args is ["seed", .. var rest])
{
    var sessions = rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : MillionRowsSchemas.Sessions;
    var version = rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : InterviewBooking.PostgreSql.PostgreSqlBookingSchema.LatestVersion;
    using var dataSource = Bench.DataSource(maxPoolSize: 4);
    await MillionRowSeeder.SeedAsync(dataSource, MillionRowsSchemas.FullSchema, sessions, version, Console.Out);
    return;
}

// Upgrading the seeded schema in place to the latest version (migration 10 builds its indexes concurrently on the full tables): -- migrate
if (args is ["migrate"])
{
    using var dataSource = Bench.DataSource(maxPoolSize: 4);
    var schema = new InterviewBooking.PostgreSql.PostgreSqlBookingSchema(
        dataSource, new InterviewBooking.PostgreSql.PostgreSqlStoreOptions { Schema = MillionRowsSchemas.FullSchema });
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var from = await schema.GetVersionAsync();
    var to = await schema.EnsureSchemaAsync();
    Console.WriteLine($"{MillionRowsSchemas.FullSchema}: version {from} -> {to} in {watch.Elapsed.TotalSeconds:F1} s");
    return;
}

// The hot statements once each on the seeded schema, for bench/explain-million-rows.sh (auto_explain logs their plans): -- explain
if (args is ["explain"])
{
    await HotStatements.RunAsync(Console.Out);
    return;
}

// A stopwatch cross-check of the slot search's read strategies: -- slot-search-stopwatch [10000 100000]
// and of the alternatives path: -- alternatives-stopwatch [100000]
if (args is ["slot-search-stopwatch", .. var sizes])
{
    await SlotSearchStopwatch.RunAsync(sizes);
    return;
}

// Where a PostgreSQL match's read spends its time (EXPLAIN ANALYZE of the recorded reads, the store call): -- match-read [10000 100000]
if (args is ["match-read", .. var interviewerCounts])
{
    await MatchReadProbe.RunAsync(interviewerCounts);
    return;
}

// Webhook → booked, the four ways of WebhookToBookedFloorBenchmarks booking in turn, medians (for a busy machine): -- webhook-floor-stopwatch [bookings]
if (args is ["webhook-floor-stopwatch", .. var booked])
{
    await WebhookToBookedFloorBenchmarks.StopwatchAsync(
        booked.Length > 0 ? int.Parse(booked[0], System.Globalization.CultureInfo.InvariantCulture) : 600, Console.Out);
    return;
}

if (args is ["alternatives-stopwatch", .. var counts])
{
    await AlternativesStopwatch.RunAsync(counts);
    return;
}

// The bounded-memory test's run with retention on and off, the heap after a full GC each month (several GB with it off): -- heap-by-month [sessions] [days]
if (args is ["heap-by-month", .. var aging])
{
    await HeapByMonth.RunAsync(aging, Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
