using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using InterviewBooking.Benchmarks.MillionRows;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// The hot paths on PostgreSQL against an empty schema (each category's baseline) and against one holding a year of past bookings
/// (<see cref="MillionRowsSchemas"/>: a million reservations and sessions with their trails, interviews, payouts, outbox items and inbox
/// entries), in the same run: a hold with the rules, a match over the seeded interviewers, the expiry statement of a hold, a sweep pass,
/// an outbox lease cycle and the backlog count. Webhook → booked is <see cref="MillionRowsWebhookBenchmarks"/>. The Ratio column of each
/// category is full / empty.
/// </summary>
/// <remarks>
/// <c>export INTERVIEWBOOKING_TEST_POSTGRES=...</c> (a server with fsync on), seed once with
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- seed</c> (or let the first run seed), then
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*MillionRows*' --job short</c>.
/// <para>
/// Fifteen measured iterations whatever the job (<c>--job short</c> has three): the commits' iterations vary by 15 to 50% of their mean
/// on this machine, and with three of them the outbox cycle's ratio went from 0.63 to 1.55 between runs of unchanged code.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[IterationCount(15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MillionRowsBenchmarks
{
    private const int HoldsPerInvocation = 32;

    private static readonly HoldRules Rules = new()
    {
        BufferBefore = Duration.FromMinutes(15),
        BufferAfter = Duration.FromMinutes(15),
        MaxPerDay = 24,
        TimeZone = DateTimeZoneProviders.Tzdb["America/New_York"],
    };

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private MillionRowsSchemas _schemas = null!;
    private InterviewRequest[] _requests = null!;
    private long _next;
    private Instant _holdHorizon;

    [GlobalSetup]
    public async Task Setup()
    {
        _schemas = await MillionRowsSchemas.CreateAsync();

        // The holds' slots: on a 90-minute grid from a random point more than a year ahead and after every active reservation of either
        // schema, so a run never meets the holds of an earlier one nor the interviews the webhook benchmark booked far ahead (they stay
        // confirmed, and a random point alone met one after enough runs: a hold refused as SlotTaken).
        var after = Instant.Max(SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(400), Instant.Max(await LastActiveEndAsync(false), await LastActiveEndAsync(true)) + Duration.FromDays(1));
        _holdHorizon = Instant.FromUnixTimeSeconds((after.ToUnixTimeSeconds() / 5400 + 1) * 5400) + Duration.FromMinutes(90 * Random.Shared.Next(0, 20_000));

        // Match requests for slots in the coming weeks, at varied hours, as candidates send them.
        var now = SystemClock.Instance.GetCurrentInstant();
        _requests = [.. Enumerable.Range(0, 64).Select(i =>
        {
            var start = Instant.FromUnixTimeSeconds((now + Duration.FromDays(3 + i % 14)).ToUnixTimeSeconds() / 3600 * 3600) + Duration.FromHours(i % 9);
            return new InterviewRequest
            {
                CandidateId = new CandidateId("candidate-match-" + i),
                CandidateName = "Casey",
                CandidateEmail = "casey@example.org",
                ExperienceYears = 5,
                SkillCategories = ["Backend"],
                Skills = ["Java"],
                RequestedSlot = new Interval(start, start + Duration.FromMinutes(60)),
                CandidateTimeZone = DateTimeZoneProviders.Tzdb["America/New_York"],
                PlanId = "mock-60",
            };
        })];

        // Deliver what earlier runs left due (the webhook benchmark's notifications), as a worker would, so a lease here finds only its own
        // item on either schema; this also opens the pool's connections up front, so no case pays for connecting.
        foreach (var full in new[] { false, true })
        {
            var outbox = _schemas.Of(full).GetRequiredService<IOutboxStore>();
            for (var leased = await outbox.LeaseAsync(500, Duration.FromMinutes(5)); leased.Count > 0; leased = await outbox.LeaseAsync(500, Duration.FromMinutes(5)))
            {
                foreach (var item in leased)
                {
                    await outbox.CompleteAsync(item.Message.Key, item.LeaseToken!.Value);
                }
            }

            await SettleAsync(full);
        }
    }

    [GlobalCleanup]
    public Task Cleanup() => _schemas.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, OperationsPerInvoke = HoldsPerInvocation, Description = "hold with rules, empty")]
    [BenchmarkCategory("hold")]
    public Task HoldEmpty() => HoldAsync(full: false);

    [Benchmark(OperationsPerInvoke = HoldsPerInvocation, Description = "hold with rules, full")]
    [BenchmarkCategory("hold")]
    public Task HoldFull() => HoldAsync(full: true);

    [Benchmark(Baseline = true, Description = "match over 2,000 interviewers, empty")]
    [BenchmarkCategory("match")]
    public ValueTask<MatchResult> MatchEmpty() => MatchAsync(full: false);

    [Benchmark(Description = "match over 2,000 interviewers, full")]
    [BenchmarkCategory("match")]
    public ValueTask<MatchResult> MatchFull() => MatchAsync(full: true);

    [Benchmark(Baseline = true, Description = "hold's expiry statement, empty")]
    [BenchmarkCategory("expire")]
    public Task<int> ExpireEmpty() => ExpireAsync(full: false);

    [Benchmark(Description = "hold's expiry statement, full")]
    [BenchmarkCategory("expire")]
    public Task<int> ExpireFull() => ExpireAsync(full: true);

    [Benchmark(Baseline = true, Description = "sweep pass, empty")]
    [BenchmarkCategory("sweep")]
    public Task<SweepResult> SweepEmpty() => _schemas.Empty.GetRequiredService<PaymentSessionSweeper>().SweepAsync();

    [Benchmark(Description = "sweep pass, full")]
    [BenchmarkCategory("sweep")]
    public Task<SweepResult> SweepFull() => _schemas.Full.GetRequiredService<PaymentSessionSweeper>().SweepAsync();

    [Benchmark(Baseline = true, Description = "outbox enqueue + lease + complete, empty")]
    [BenchmarkCategory("lease")]
    public Task LeaseEmpty() => LeaseAsync(full: false);

    [Benchmark(Description = "outbox enqueue + lease + complete, full")]
    [BenchmarkCategory("lease")]
    public Task LeaseFull() => LeaseAsync(full: true);

    [Benchmark(Baseline = true, Description = "outbox backlog, empty")]
    [BenchmarkCategory("backlog")]
    public Task<OutboxBacklog> BacklogEmpty() => _schemas.Empty.GetRequiredService<IOutboxStore>().GetBacklogAsync();

    [Benchmark(Description = "outbox backlog, full")]
    [BenchmarkCategory("backlog")]
    public Task<OutboxBacklog> BacklogFull() => _schemas.Full.GetRequiredService<IOutboxStore>().GetBacklogAsync();

    // Free slots in the future, each on a seeded interviewer (its past year in the full schema), 90 minutes after that interviewer's last.
    private async Task HoldAsync(bool full)
    {
        var store = _schemas.Of(full).GetRequiredService<IReservationStore>();
        var horizon = _holdHorizon;
        for (var i = 0; i < HoldsPerInvocation; i++)
        {
            var n = Interlocked.Increment(ref _next);
            var start = horizon + Duration.FromMinutes(90 * (n / MillionRowSeeder.Interviewers));
            var result = await store.TryHoldAsync(new HoldRequest(
                new InterviewerId(MillionRowSeeder.InterviewerId(n)),
                new Interval(start, start + Duration.FromMinutes(60)),
                $"ps_bench_{_run}_{n}",
                SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(30))
            {
                Rules = Rules,
                Candidate = new CandidateId($"candidate-{_run}-{n}"),
                MaxActiveCandidateHolds = 3,
            });
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"A hold of a free slot was refused ({result.Refusal}).");
            }
        }
    }

    // The holds of earlier cases and runs: no session owns them, so no sweeper ever ends them, and left held they piled up in the full
    // schema run after run (6,272 held rows, while the empty schema starts each run with none). With statistics that saw no held rows the
    // planner read a hold's candidate count as a scan of all of reservations_held_span_idx (4,417 buffers, 3.8 ms of the hold, against
    // 2 buffers through reservations_candidate_held_idx). A host's holds end: release what was left (with its trail entry), then vacuum
    // and analyze what the benchmarks churn, so every case (BenchmarkDotNet runs this setup before each) meets the same full schema, and
    // both schemas have statistics. INDEX_CLEANUP ON: with few dead rows in a large table VACUUM skips the indexes, and the dead entries
    // are most of what the small partial indexes a hold or a lease reads (held rows, due outbox items) hold.
    // The same for the interviews the webhook benchmark books 800 days ahead: they stay confirmed, and the matches there go to the lowest
    // ids, so run after run they piled up on the 32 interviewers every match here reads first (3,535 rows from 2029 to 2036, 110-228
    // each), which each probe of an interviewer then walks in the index (0.4 ms of a read of 32 against 0.03 ms on the empty schema). A
    // host's interviews take place and pass; nothing a benchmark books more than 400 days ahead is kept confirmed into the next case.
    private async Task SettleAsync(bool full)
    {
        var schema = $"\"{_schemas.SchemaOf(full)}\"";
        await using (var release = _schemas.DataSource.CreateCommand($"""
            WITH target AS (
                SELECT id, status FROM {schema}.reservations
                WHERE (status = 'held' AND owner LIKE 'ps\_bench\_%') OR (status = 'confirmed' AND lower(slot) > now() + interval '400 days')
                FOR UPDATE),
            released AS (
                UPDATE {schema}.reservations AS r SET status = 'released', updated_at = now() FROM target WHERE r.id = target.id
                RETURNING r.id, target.status)
            INSERT INTO {schema}.reservation_history (reservation_id, from_status, to_status, at, reason)
            SELECT id, status, 'released', now(), '{ReservationChangeReasons.Released}' FROM released
            """))
        {
            await release.ExecuteNonQueryAsync();
        }

        foreach (var table in new[] { "reservations", "outbox" })
        {
            await using var vacuum = _schemas.DataSource.CreateCommand($"VACUUM (ANALYZE, INDEX_CLEANUP ON) {schema}.{table}");
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    private async Task<Instant> LastActiveEndAsync(bool full)
    {
        await using var command = _schemas.DataSource.CreateCommand(
            $"SELECT max(upper(slot)) FROM \"{_schemas.SchemaOf(full)}\".reservations WHERE status IN ('held', 'confirmed')");
        return await command.ExecuteScalarAsync() is DateTime end ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(end, DateTimeKind.Utc)) : Instant.MinValue;
    }

    private ValueTask<MatchResult> MatchAsync(bool full) =>
        _schemas.Of(full).GetRequiredService<IInterviewerMatcher>().MatchAsync(_requests[Interlocked.Increment(ref _next) % _requests.Length], 5);

    // The statement as a hold sends it: a seeded interviewer's span around a moment of the past year, where that interviewer's rows are.
    private async Task<int> ExpireAsync(bool full)
    {
        var n = Interlocked.Increment(ref _next);
        var now = SystemClock.Instance.GetCurrentInstant();
        var at = now - Duration.FromDays(200) + Duration.FromMinutes(n % 10_000);
        var texts = new HoldStatements.Texts($"\"{_schemas.SchemaOf(full)}\"");
        await using var connection = await _schemas.DataSource.OpenConnectionAsync();
        await using var batch = PostgreSqlExecutor.Batch(connection, Sql.Command(
            texts.Expire,
            Sql.Text(MillionRowSeeder.InterviewerId(n)),
            Sql.Timestamp(at - Duration.FromHours(12)),
            Sql.Timestamp(at + Duration.FromHours(12)),
            Sql.Timestamp(now)));
        return await batch.ExecuteNonQueryAsync();
    }

    private async Task LeaseAsync(bool full)
    {
        var outbox = _schemas.Of(full).GetRequiredService<IOutboxStore>();
        var now = SystemClock.Instance.GetCurrentInstant();
        await outbox.EnqueueAsync(new OutboxMessage($"bench-{_run}-{Interlocked.Increment(ref _next)}", OutboxKinds.Notification, now));
        foreach (var item in await outbox.LeaseAsync(16, Duration.FromMinutes(1)))
        {
            await outbox.CompleteAsync(item.Message.Key, item.LeaseToken!.Value);
        }
    }
}
