using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Slot search on the in-memory directory and reservation store over the matching data (<see cref="MatchingData"/>): the 14-day
/// search a booking page shows (60-minute plan, 30-minute grid, up to 200 slots, candidate queries rotating), against one match for
/// one slot in the same run as the baseline. <see cref="SlotsFound"/> reports how many slots each search returned.
/// </summary>
[MemoryDiagnoser]
public class SlotSearchBenchmarks
{
    private MatchingData _data = null!;
    private SlotSearchService _search = null!;
    private ScoringInterviewerMatcher _matcher = null!;
    private SlotSearchQuery[] _queries = null!;
    private int _next;

    [Params(10_000, 100_000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _data = MatchingData.Generate(InterviewerCount);
        var clock = MatchingData.Clock();
        var store = new InMemoryReservationStore(clock);
        await _data.ReserveAsync(store);
        var directory = _data.Directory();
        var options = new InterviewBookingOptions();
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
        var monitor = new MatchBenchmarks.FixedOptions(options);
        _search = new SlotSearchService(directory, store, new PriceCalculator(monitor, clock), monitor, clock);
        _matcher = new ScoringInterviewerMatcher(directory, store, monitor, clock);
        _queries = [.. _data.Requests.Select(r => new SlotSearchQuery
        {
            ExperienceYears = r.ExperienceYears,
            SkillCategories = r.SkillCategories,
            Skills = r.Skills,
            CandidateTimeZone = r.CandidateTimeZone,
            PlanId = r.PlanId,
        })];

        // The count each search returns, over every query (printed once per parameter set).
        var counts = new List<int>();
        foreach (var query in _queries)
        {
            counts.Add((await _search.SearchAsync(query)).Count);
        }

        SlotsFound = $"min {counts.Min()}, mean {counts.Average():F0}, max {counts.Max()} slots";
        Console.WriteLine($"// Slot search at {InterviewerCount} interviewers returns {SlotsFound}");
    }

    /// <summary>How many slots the searches returned (set in the setup).</summary>
    public string SlotsFound { get; private set; } = string.Empty;

    /// <summary>One match for one slot (best 1): the unit a search repeats per start.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<MatchResult> MatchOneSlot() => _matcher.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 1);

    /// <summary>The free slots of the next 14 days, up to 200, with the best interviewer each.</summary>
    [Benchmark]
    public ValueTask<SlotSearchResult> SearchFourteenDays() => _search.SearchAsync(_queries[_next++ % _queries.Length]);
}
