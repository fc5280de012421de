using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// A start on PostgreSQL, the path the web API's start takes (<see cref="BookingService.StartAsync"/>): match, hold with the interviewer's
/// rules (buffers, daily cap, the candidate's active holds), create the payment session, open the simulated checkout and attach it. It runs on
/// <see cref="PostgreSqlInterviewerDirectory"/> and the PostgreSQL stores over <see cref="MatchingData"/> at 10,000 interviewers; the baseline,
/// in the same run, is the same start on the in-memory stores with the same data. Every start is a new candidate, and must start: the setup
/// counts the round trips per start.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*PostgreSqlStart*' --job short</c> with
/// <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set (fsync on: a cluster of its own, see the README). Its schema is seeded per run and dropped after.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(64)]
public class PostgreSqlStartBenchmarks
{
    private const int Interviewers = 10_000;

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private MatchingData _data = null!;
    private NpgsqlDataSource _pool = null!;
    private string _schema = null!;
    private ServiceProvider _inMemory = null!;
    private ServiceProvider _postgreSql = null!;
    private BookingService _inMemoryBooking = null!;
    private BookingService _postgreSqlBooking = null!;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        _data = MatchingData.Generate(Interviewers);
        var clock = MatchingData.Clock();
        _inMemory = Build(clock, builder => builder.AddInMemoryStores(directory => directory.AddOrUpdateRange(_data.Interviewers)));
        var reserved = (InMemoryReservationStore)_inMemory.GetRequiredService<IReservationStore>();
        await _data.ReserveAsync(reserved);

        _pool = Bench.DataSource(maxPoolSize: 4);
        _schema = (await PostgreSqlMatchingData.EnsureAsync(_pool, _data, reserved, "ib_bench_start_" + _run)).Schema;
        _postgreSql = Build(clock, builder => builder
            .AddInMemoryStores()
            .AddPostgreSqlStores(_pool, o => o.Schema = _schema)
            .AddPostgreSqlInterviewerDirectory());
        await _postgreSql.GetRequiredService<PostgreSqlInterviewerDirectory>().StartAsync();
        _inMemoryBooking = _inMemory.GetRequiredService<BookingService>();
        _postgreSqlBooking = _postgreSql.GetRequiredService<BookingService>();
        NpgsqlRoundTrips.Report("start", await NpgsqlRoundTrips.CountAsync(_data.Requests.Length, _ => StartAsync(_postgreSqlBooking)));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _inMemory.DisposeAsync();
        await _postgreSql.DisposeAsync();
        await using (var drop = _pool.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _pool.DisposeAsync();
    }

    /// <summary>A start on the in-memory directory and stores.</summary>
    [Benchmark(Baseline = true, Description = "start, in-memory stores")]
    public Task InMemory() => StartAsync(_inMemoryBooking);

    /// <summary>The same start on the PostgreSQL directory and stores.</summary>
    [Benchmark(Description = "start, PostgreSQL stores")]
    public Task PostgreSql() => StartAsync(_postgreSqlBooking);

    // The next request (they rotate), as a candidate of its own, so the candidate's hold cap never refuses it.
    private async Task StartAsync(BookingService booking)
    {
        var n = _next++;
        var request = _data.Requests[n % _data.Requests.Length] with { CandidateId = new CandidateId($"candidate-{_run}-{n}") };
        var started = await booking.StartAsync(request);
        if (started.Session is null)
        {
            throw new InvalidOperationException($"Start {n} did not start: {started.Outcome}.");
        }
    }

    private static ServiceProvider Build(IClock clock, Action<IInterviewBookingBuilder> stores)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        var builder = services.AddInterviewBooking(o =>
        {
            o.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9900 });
            o.MinimumMatchScore = 0;
        });
        stores(builder);
        builder.AddSimulatedPayments();
        return services.BuildServiceProvider();
    }
}
