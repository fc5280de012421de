using BenchmarkDotNet.Attributes;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Outbox drain throughput on PostgreSQL: <see cref="ItemsPerInvocation"/> due items, drained by one worker (the baseline) or by three
/// concurrent workers, each its own <see cref="OutboxDispatcher"/> over its own store and connection pool (as three instances would be),
/// leasing with <c>FOR UPDATE SKIP LOCKED</c>. The handler does nothing, so this is what the outbox itself costs per item:
/// lease, dispatch, complete. The reported time is per item, so items per second = 1 / mean.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*OutboxDrain*' --job short</c> with
/// <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set. Each iteration starts from a freshly filled outbox in a schema of its own.
/// </remarks>
[InvocationCount(1)]
public class OutboxDrainBenchmarks
{
    private const int ItemsPerInvocation = 1_920;
    private const string Kind = "bench-noop";
    private const string EmptyData = "{}";

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private readonly List<NpgsqlDataSource> _pools = [];
    private PostgreSqlStoreOptions _options = null!;
    private OutboxDispatcher[] _workers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new PostgreSqlStoreOptions { Schema = "ib_bench_outbox_" + _run };
        var workerOptions = new StaticOptions(new OutboxWorkerOptions { BatchSize = 32 });
        _workers = new OutboxDispatcher[3];
        for (var i = 0; i < _workers.Length; i++)
        {
            var pool = Bench.DataSource(maxPoolSize: 4);
            _pools.Add(pool);
            if (i == 0)
            {
                new PostgreSqlBookingSchema(pool, _options).EnsureSchemaAsync().GetAwaiter().GetResult();
            }

            _workers[i] = new OutboxDispatcher(new PostgreSqlOutboxStore(pool, SystemClock.Instance, _options), [new NoopHandler()], workerOptions, SystemClock.Instance);
        }
    }

    [IterationSetup]
    public void Fill()
    {
        var table = $"\"{_options.Schema}\".outbox";
        using var fill = _pools[0].CreateCommand($"""
            TRUNCATE {table};
            INSERT INTO {table} (key, kind, session_id, data, due_at, status, attempts, next_attempt_at, created_at)
            SELECT 'item-' || n, '{Kind}', 'ps_bench_' || n, '{EmptyData}'::jsonb, now() - interval '1 minute', 'pending', 0, now() - interval '1 minute', now()
            FROM generate_series(1, {ItemsPerInvocation}) AS n;
            ANALYZE {table};
            """);
        fill.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (var drop = _pools[0].CreateCommand($"DROP SCHEMA IF EXISTS \"{_options.Schema}\" CASCADE"))
        {
            drop.ExecuteNonQuery();
        }

        _pools.ForEach(p => p.Dispose());
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ItemsPerInvocation, Description = "drain, 1 worker")]
    public Task OneWorker() => DrainAsync(1);

    [Benchmark(OperationsPerInvoke = ItemsPerInvocation, Description = "drain, 3 workers (3 pools)")]
    public Task ThreeWorkers() => DrainAsync(3);

    private Task DrainAsync(int workers) =>
        Task.WhenAll(_workers.Take(workers).Select(worker => Task.Run(async () =>
        {
            while (await worker.RunOnceAsync() > 0)
            {
            }
        })));

    private sealed class NoopHandler : IOutboxHandler
    {
        public string Kind => OutboxDrainBenchmarks.Kind;

        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class StaticOptions(OutboxWorkerOptions value) : IOptionsMonitor<OutboxWorkerOptions>
    {
        public OutboxWorkerOptions CurrentValue => value;

        public OutboxWorkerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboxWorkerOptions, string?> listener) => null;
    }
}

/// <summary>What the PostgreSQL benchmarks share.</summary>
internal static class Bench
{
    public const string ConnectionVariable = "INTERVIEWBOOKING_TEST_POSTGRES";

    public static NpgsqlDataSource DataSource(int maxPoolSize)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable)
            ?? throw new InvalidOperationException($"Set {ConnectionVariable}: export {ConnectionVariable}=\"$(sudo bash eng/start-postgres.sh)\".");
        return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString);
    }
}
