using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// The default matcher on the in-memory directory and reservation store, over generated data (<see cref="MatchingData"/>):
/// a match for a slot in the coming week (also with reliability scoring on, against an in-memory interview store, to show the
/// signal's in-process cost next to the default), a match that finds nobody free and offers alternatives, building the index,
/// and updating one interviewer in it.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private MatchingData _data = null!;
    private ScoringInterviewerMatcher _matcher = null!;
    private ScoringInterviewerMatcher _reliableMatcher = null!;
    private InMemoryInterviewerDirectory _directory = null!;
    private int _next;

    [Params(1_000, 10_000, 100_000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _data = MatchingData.Generate(InterviewerCount);
        var clock = MatchingData.Clock();
        var store = new InMemoryReservationStore(clock);
        await _data.ReserveAsync(store);
        _directory = _data.Directory();
        var options = new InterviewBookingOptions();
        _matcher = new ScoringInterviewerMatcher(_directory, store, new FixedOptions(options), clock);
        var weighted = new InterviewBookingOptions { ExperienceWeight = 25, SkillsWeight = 35, AvailabilityWeight = 25, ReliabilityWeight = 15 };
        _reliableMatcher = new ScoringInterviewerMatcher(_directory, store, new FixedOptions(weighted), clock, new NoBusyTime(), new InMemoryInterviewStore());
    }

    /// <summary>A match for a slot in the coming week (requests rotate; best 5).</summary>
    [Benchmark]
    public ValueTask<MatchResult> Match() => _matcher.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 5);

    /// <summary>The same matches with <see cref="InterviewBookingOptions.ReliabilityWeight"/> 15: one reliability read per batch.</summary>
    [Benchmark]
    public ValueTask<MatchResult> MatchWithReliability() => _reliableMatcher.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 5);

    /// <summary>A request on the company break: nobody is free, so the nearest three other slots are found.</summary>
    [Benchmark]
    public ValueTask<MatchResult> MatchWithAlternatives() => _matcher.MatchAsync(_data.HolidayRequests[_next++ % _data.HolidayRequests.Length], 5);

    /// <summary>Builds the index of every interviewer from scratch (one batch).</summary>
    [Benchmark]
    public InterviewerIndex BuildMatchIndex()
    {
        var index = new InterviewerIndex();
        index.AddOrUpdateRange(_data.Interviewers);
        return index;
    }

    /// <summary>Replaces one interviewer's profile in the built index (a copy-on-write edit, never a rebuild).</summary>
    [Benchmark]
    public int UpdateOneInterviewerInMatchIndex()
    {
        var profile = _data.Interviewers[_next++ % _data.Interviewers.Length];
        _directory.AddOrUpdate(profile with { ExperienceYears = profile.ExperienceYears + 1 });
        return _directory.Count;
    }

    private sealed class NoBusyTime : IBusyTimeSource
    {
        public ValueTask<IReadOnlyDictionary<InterviewerId, BusyTime>> GetBusyTimeAsync(
            IReadOnlyList<InterviewerId> interviewers, Interval window, BusyTimeUse use, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyDictionary<InterviewerId, BusyTime>>(new Dictionary<InterviewerId, BusyTime>());
    }

    public sealed class FixedOptions(InterviewBookingOptions value) : IOptionsMonitor<InterviewBookingOptions>
    {
        public InterviewBookingOptions CurrentValue => value;

        public InterviewBookingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<InterviewBookingOptions, string?> listener) => null;
    }
}
