using BenchmarkDotNet.Attributes;
using InterviewBooking.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// A hold on PostgreSQL with the interviewer's rules enforced (the day and candidate lock rows, expire ran-out holds near the span, then the
/// insert guarded by the daily cap, the candidate cap and the exclusion constraints, in one round trip and one implicit transaction) through
/// <see cref="PostgreSqlReservationStore.TryHoldAsync"/>, beside the same statements sent raw through Npgsql: the baseline. A third case
/// is the bare hold (no rules, no candidate: the expiry and the insert only) through the adapter, for the cost of the rules.
/// Each invocation makes <see cref="HoldsPerInvocation"/> holds of free slots, split over <see cref="Callers"/> concurrent callers;
/// the reported time is per hold, so holds per second = 1 / mean.
/// </summary>
/// <remarks>
/// Needs a server: <c>export INTERVIEWBOOKING_TEST_POSTGRES="$(sudo bash eng/start-postgres.sh)"</c>, then
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*PostgreSqlHold*' --job short</c>.
/// Every benchmark case works in a fresh schema of its own, dropped afterwards.
/// </remarks>
public class PostgreSqlHoldBenchmarks
{
    private const int HoldsPerInvocation = 256;
    private const int Interviewers = 1000;
    private const string ConnectionVariable = "INTERVIEWBOOKING_TEST_POSTGRES";

    // 15 minutes each side and 30-minute slots an hour apart: every hold's span only touches its neighbours'; 24 a day, the cap.
    private static readonly HoldRules Rules = new()
    {
        BufferBefore = Duration.FromMinutes(15),
        BufferAfter = Duration.FromMinutes(15),
        MaxPerDay = 24,
        TimeZone = DateTimeZone.Utc,
    };

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _dataSource = null!;
    private PostgreSqlStoreOptions _options = null!;
    private PostgreSqlReservationStore _store = null!;
    private HoldStatements.Texts _sql = null!;
    private long _next;

    [Params(1, 4, 16)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable)
            ?? throw new InvalidOperationException($"Set {ConnectionVariable}: export {ConnectionVariable}=\"$(sudo bash eng/start-postgres.sh)\".");
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 32 }.ConnectionString);
        _options = new PostgreSqlStoreOptions { Schema = "ib_bench_" + _run };
        new PostgreSqlBookingSchema(_dataSource, _options).EnsureSchemaAsync().GetAwaiter().GetResult();
        _store = new PostgreSqlReservationStore(_dataSource, SystemClock.Instance, _options);
        _sql = new HoldStatements.Texts($"\"{_options.Schema}\"");

        // Open the pool's connections up front, so neither side pays for connecting.
        var connections = Enumerable.Range(0, Callers).Select(_ => _dataSource.OpenConnection()).ToList();
        connections.ForEach(c => c.Dispose());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_options.Schema}\" CASCADE"))
        {
            drop.ExecuteNonQuery();
        }

        _dataSource.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = HoldsPerInvocation, Description = "raw Npgsql: same SQL, rules")]
    public Task RawNpgsql() => RunCallersAsync(RawHoldAsync);

    [Benchmark(OperationsPerInvoke = HoldsPerInvocation, Description = "PostgreSqlReservationStore.TryHoldAsync, rules")]
    public Task Adapter() => RunCallersAsync(AdapterHoldAsync);

    [Benchmark(OperationsPerInvoke = HoldsPerInvocation, Description = "PostgreSqlReservationStore.TryHoldAsync, bare hold")]
    public Task AdapterBare() => RunCallersAsync(request => AdapterHoldAsync(request with { Rules = HoldRules.None, Candidate = default, MaxActiveCandidateHolds = null }));

    private Task RunCallersAsync(Func<HoldRequest, Task> hold) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < HoldsPerInvocation / Callers; i++)
            {
                await hold(NextRequest());
            }
        })));

    private async Task AdapterHoldAsync(HoldRequest request)
    {
        var result = await _store.TryHoldAsync(request);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"A hold of a free slot was refused ({result.Refusal}).");
        }
    }

    // What a hand-written hold does: the same statements in one batch (one round trip, one implicit transaction), typed parameters.
    private async Task RawHoldAsync(HoldRequest request)
    {
        var now = SystemClock.Instance.GetCurrentInstant().ToDateTimeUtc();
        var start = request.Slot.Start.ToDateTimeUtc();
        var end = request.Slot.End.ToDateTimeUtc();
        var spanStart = start - TimeSpan.FromMinutes(15);
        var spanEnd = end + TimeSpan.FromMinutes(15);
        var date = DateOnly.FromDateTime(start);
        var dayStart = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var interviewer = request.InterviewerId.Value;
        var candidate = request.Candidate.Value;
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(_sql.DayLock.Ensure) { Parameters = { Text(interviewer), Date(date) } },
                new NpgsqlBatchCommand(_sql.DayLock.Lock) { Parameters = { Text(interviewer), Date(date) } },
                new NpgsqlBatchCommand(_sql.CandidateLock.Ensure) { Parameters = { Text(candidate) } },
                new NpgsqlBatchCommand(_sql.CandidateLock.Lock) { Parameters = { Text(candidate) } },
                new NpgsqlBatchCommand(_sql.Expire) { Parameters = { Text(interviewer), Timestamp(spanStart), Timestamp(spanEnd), Timestamp(now) } },
                new NpgsqlBatchCommand(_sql.Insert)
                {
                    Parameters =
                    {
                        Text("res_" + Guid.CreateVersion7().ToString("N")), Text(interviewer), Timestamp(start), Timestamp(end),
                        Timestamp(spanStart), Timestamp(spanEnd), Text(candidate), Text(request.Owner), Timestamp(request.HeldUntil.ToDateTimeUtc()),
                        Timestamp(now), Int(24), Timestamp(dayStart), Timestamp(dayStart.AddDays(1)), Int(3), new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                        new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        var held = false;
        do
        {
            while (await reader.ReadAsync())
            {
                held = reader.FieldCount > 1 && !reader.IsDBNull(0);
            }
        }
        while (await reader.NextResultAsync());

        if (!held)
        {
            throw new InvalidOperationException("A hold of a free slot was refused.");
        }
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<DateTime> Timestamp(DateTime value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static NpgsqlParameter<DateOnly> Date(DateOnly value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Date };

    private static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Integer };

    // A free slot every time: each hold gets an interviewer of its own among many, an hour after that interviewer's last one, and a new candidate.
    private HoldRequest NextRequest()
    {
        var n = Interlocked.Increment(ref _next);
        var start = Instant.FromUtc(2030, 1, 1, 0, 0) + Duration.FromHours(n / Interviewers);
        return new HoldRequest(
            new InterviewerId($"bench-{_run}-{n % Interviewers}"),
            new Interval(start, start + Duration.FromMinutes(30)),
            "ps_bench_" + n,
            SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(30))
        {
            Rules = Rules,
            Candidate = new CandidateId($"candidate-{_run}-{n}"),
            MaxActiveCandidateHolds = 3,
        };
    }
}
