using BenchmarkDotNet.Attributes;
using InterviewBooking.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// A hold on PostgreSQL (expire ran-out holds, then the exclusion-constrained insert, in one implicit transaction) through
/// <see cref="PostgreSqlReservationStore.TryHoldAsync"/>, beside the same two statements sent raw through Npgsql: the baseline.
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
    private const string ConnectionVariable = "INTERVIEWBOOKING_TEST_POSTGRES";

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _dataSource = null!;
    private PostgreSqlStoreOptions _options = null!;
    private PostgreSqlReservationStore _store = null!;
    private string _expireSql = null!;
    private string _insertSql = null!;
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
        var schema = $"\"{_options.Schema}\"";
        _expireSql = HoldStatements.ExpireOverlapping(schema);
        _insertSql = HoldStatements.Insert(schema);

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

    [Benchmark(Baseline = true, OperationsPerInvoke = HoldsPerInvocation, Description = "raw Npgsql: same SQL")]
    public Task RawNpgsql() => RunCallersAsync(RawHoldAsync);

    [Benchmark(OperationsPerInvoke = HoldsPerInvocation, Description = "PostgreSqlReservationStore.TryHoldAsync")]
    public Task Adapter() => RunCallersAsync(AdapterHoldAsync);

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
            throw new InvalidOperationException("A hold of a free slot conflicted.");
        }
    }

    // What a hand-written hold does: the same two statements in one batch (one round trip, one implicit transaction), typed parameters.
    private async Task RawHoldAsync(HoldRequest request)
    {
        var now = SystemClock.Instance.GetCurrentInstant().ToDateTimeUtc();
        var start = request.Slot.Start.ToDateTimeUtc();
        var end = request.Slot.End.ToDateTimeUtc();
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(_expireSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = request.InterviewerId.Value },
                        new NpgsqlParameter<DateTime> { TypedValue = start, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new NpgsqlParameter<DateTime> { TypedValue = end, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    },
                },
                new NpgsqlBatchCommand(_insertSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = "res_" + Guid.CreateVersion7().ToString("N") },
                        new NpgsqlParameter<string> { TypedValue = request.InterviewerId.Value },
                        new NpgsqlParameter<DateTime> { TypedValue = start, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new NpgsqlParameter<DateTime> { TypedValue = end, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new NpgsqlParameter<string> { TypedValue = request.Owner },
                        new NpgsqlParameter<DateTime> { TypedValue = request.HeldUntil.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("A hold of a free slot conflicted.");
        }
    }

    // A free slot every time: each hold gets an interviewer of its own among many, at a distinct time.
    private HoldRequest NextRequest()
    {
        var n = Interlocked.Increment(ref _next);
        var start = Instant.FromUtc(2030, 1, 1, 0, 0) + Duration.FromMinutes(30 * (n / 1000));
        return new HoldRequest(
            new InterviewerId($"bench-{_run}-{n % 1000}"),
            new Interval(start, start + Duration.FromMinutes(30)),
            "ps_bench_" + n,
            SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(30));
    }
}
