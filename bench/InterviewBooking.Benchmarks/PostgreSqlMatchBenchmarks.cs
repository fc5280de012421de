using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// The default matcher on PostgreSQL: <see cref="PostgreSqlInterviewerDirectory"/> (its in-process index, loaded from the table) and
/// <see cref="PostgreSqlReservationStore"/> (the reservations of the interviewers the match weighs, read in batches), over the same generated
/// data as <see cref="MatchBenchmarks"/> (<see cref="PostgreSqlMatchingData"/>); the baseline, in the same run, is the same match on the
/// in-memory directory and store. The PostgreSQL match runs twice: with the store's default (its reads prepared, so PostgreSQL may settle on
/// one plan) and with <see cref="PostgreSqlStoreOptions.PrepareActiveReads"/> off (each read parsed and planned). The setup checks that all
/// pick the same interviewers and prints the round trips per match.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*PostgreSqlMatch*' --job short</c> with
/// <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set (fsync on: a cluster of its own, see the README). The seeded schemas are kept for the next run.
/// </remarks>
[MemoryDiagnoser]
public class PostgreSqlMatchBenchmarks : IDisposable
{
    private const int Best = 5;

    private MatchingData _data = null!;
    private NpgsqlDataSource _pool = null!;
    private PostgreSqlInterviewerDirectory _directory = null!;
    private ScoringInterviewerMatcher _inMemory = null!;
    private ScoringInterviewerMatcher _postgreSql = null!;
    private ScoringInterviewerMatcher _unprepared = null!;
    private int _next;

    [Params(10_000, 100_000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _data = MatchingData.Generate(InterviewerCount);
        var clock = MatchingData.Clock();
        var reserved = new InMemoryReservationStore(clock);
        await _data.ReserveAsync(reserved);
        var options = new MatchBenchmarks.FixedOptions(new InterviewBookingOptions());
        _inMemory = new ScoringInterviewerMatcher(_data.Directory(), reserved, options, clock);

        _pool = Bench.DataSource(maxPoolSize: 4);
        var storeOptions = await PostgreSqlMatchingData.EnsureAsync(_pool, _data, reserved);
        _directory = new PostgreSqlInterviewerDirectory(_pool, storeOptions);
        await _directory.StartAsync();
        _postgreSql = new ScoringInterviewerMatcher(_directory, new PostgreSqlReservationStore(_pool, clock, storeOptions), options, clock);
        var unprepared = new PostgreSqlStoreOptions { Schema = storeOptions.Schema, PrepareActiveReads = false };
        _unprepared = new ScoringInterviewerMatcher(_directory, new PostgreSqlReservationStore(_pool, clock, unprepared), options, clock);

        foreach (var request in _data.Requests)
        {
            var expected = Picked(await _inMemory.MatchAsync(request, Best));
            foreach (var (name, matcher) in new[] { ("PostgreSQL stores", _postgreSql), ("PostgreSQL stores, unprepared", _unprepared) })
            {
                var actual = Picked(await matcher.MatchAsync(request, Best));
                if (expected != actual)
                {
                    throw new InvalidOperationException($"The {name} matched [{actual}], the in-memory stores [{expected}].");
                }
            }
        }

        NpgsqlRoundTrips.Report(
            $"match at {InterviewerCount:N0} interviewers",
            await NpgsqlRoundTrips.CountAsync(_data.Requests.Length, async i => await _postgreSql.MatchAsync(_data.Requests[i], Best)));
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _directory?.Dispose();
        _pool?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A match for a slot in the coming week on the in-memory directory and store (requests rotate; best 5).</summary>
    [Benchmark(Baseline = true, Description = "match, in-memory stores")]
    public ValueTask<MatchResult> InMemory() => _inMemory.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], Best);

    /// <summary>The same match on the PostgreSQL directory and reservation store (its default: the reads prepared).</summary>
    [Benchmark(Description = "match, PostgreSQL stores")]
    public ValueTask<MatchResult> PostgreSql() => _postgreSql.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], Best);

    /// <summary>The same with <see cref="PostgreSqlStoreOptions.PrepareActiveReads"/> off: each read parsed and planned.</summary>
    [Benchmark(Description = "match, PostgreSQL stores, reads unprepared")]
    public ValueTask<MatchResult> PostgreSqlUnprepared() => _unprepared.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], Best);

    private static string Picked(MatchResult result) => string.Join(", ", result.Matches.Select(static m => m.Interviewer.Id));
}
