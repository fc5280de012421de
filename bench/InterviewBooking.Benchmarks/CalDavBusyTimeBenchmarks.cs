using BenchmarkDotNet.Attributes;
using InterviewBooking.CalDav;
using InterviewBooking.InMemory;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Match time with every interviewer's CalDAV busy time served from a warm cache (<see cref="CalDavBusyTimeSource"/>; no HTTP), next
/// to the same match without outside busy time (the baseline), at 10,000 interviewers on the in-memory stores.
/// </summary>
[MemoryDiagnoser]
public class CalDavBusyTimeBenchmarks
{
    private MatchingData _data = null!;
    private ScoringInterviewerMatcher _plain = null!;
    private ScoringInterviewerMatcher _withCalendars = null!;
    private IBusyTimeSource _source = null!; // a CalDavBusyTimeSource, disposed in Cleanup
    private int _next;

    [Params(10_000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _data = MatchingData.Generate(InterviewerCount);
        var clock = MatchingData.Clock();
        var store = new InMemoryReservationStore(clock);
        await _data.ReserveAsync(store);
        var directory = _data.Directory();
        var options = new MatchBenchmarks.FixedOptions(new InterviewBookingOptions());
        _plain = new ScoringInterviewerMatcher(directory, store, options, clock);

        var calDav = new CalDavOptions();
        var source = new CalDavBusyTimeSource(
            new CalDavClient(new NoHttp()), new NoConnections(), directory, new FixedCalDavOptions(calDav), clock);
        _source = source;
        var covered = new Interval(MatchingData.Now - calDav.ReadBehind, MatchingData.Now + calDav.ReadAhead);
        for (var i = 0; i < _data.Interviewers.Length; i++)
        {
            // Every interviewer: one busy hour each day of the coming two weeks, at an hour that varies between interviewers.
            var busy = new Interval[14];
            for (var day = 0; day < busy.Length; day++)
            {
                var start = MatchingData.Now + Duration.FromDays(day) + Duration.FromHours((i + day) % 12);
                busy[day] = new Interval(start, start + Duration.FromHours(1));
            }

            source.Seed(_data.Interviewers[i].Id, covered, new BusyTime { Intervals = busy });
        }

        _withCalendars = new ScoringInterviewerMatcher(directory, store, options, clock, _source);
    }

    [GlobalCleanup]
    public void Cleanup() => ((IDisposable)_source).Dispose();

    /// <summary>A match for a slot in the coming week with reservations only (requests rotate; best 5).</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<MatchResult> MatchWithoutCalendars() => _plain.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 5);

    /// <summary>The same match with every interviewer's calendar busy time from the cache.</summary>
    [Benchmark]
    public ValueTask<MatchResult> MatchWithCachedCalendars() => _withCalendars.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 5);

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("The benchmark serves every calendar from the cache.");
    }

    private sealed class NoConnections : ICalDavConnectionResolver
    {
        public ValueTask<CalDavConnection?> ResolveAsync(InterviewerId interviewer, CancellationToken cancellationToken = default) => ValueTask.FromResult<CalDavConnection?>(null);
    }

    private sealed class FixedCalDavOptions(CalDavOptions value) : IOptionsMonitor<CalDavOptions>
    {
        public CalDavOptions CurrentValue => value;

        public CalDavOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CalDavOptions, string?> listener) => null;
    }
}
