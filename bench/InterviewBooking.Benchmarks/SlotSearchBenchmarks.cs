using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Slot search on the in-memory directory and reservation store over the matching data (<see cref="MatchingData"/>): the 14-day
/// search a booking page shows (60-minute plan, 30-minute grid, up to 200 slots, candidate queries rotating) in one pass, against the
/// same search done one full match per start (the form it replaced) in the same run as the baseline. The setup checks that both give
/// the same slots for every query, and prints how many slots the searches returned.
/// </summary>
[MemoryDiagnoser]
public class SlotSearchBenchmarks
{
    private MatchingData _data = null!;
    private SlotSearchService _search = null!;
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
        _queries = [.. _data.Requests.Select(r => new SlotSearchQuery
        {
            ExperienceYears = r.ExperienceYears,
            SkillCategories = r.SkillCategories,
            Skills = r.Skills,
            CandidateTimeZone = r.CandidateTimeZone,
            PlanId = r.PlanId,
        })];

        // The count each search returns, over every query (printed once per parameter set); the two forms must agree slot for slot.
        var counts = new List<int>();
        foreach (var query in _queries)
        {
            var fast = await _search.SearchAsync(query);
            if (_queries.Length - counts.Count <= 8 && Describe(fast) != Describe(await _search.SearchPerSlotAsync(query)))
            {
                throw new InvalidOperationException("The one-pass search and the per-start search disagree.");
            }

            counts.Add(fast.Count);
        }

        SlotsFound = $"min {counts.Min()}, mean {counts.Average():F0}, max {counts.Max()} slots";
        Console.WriteLine($"// Slot search at {InterviewerCount} interviewers returns {SlotsFound}");
    }

    /// <summary>How many slots the searches returned (set in the setup).</summary>
    public string SlotsFound { get; private set; } = string.Empty;

    /// <summary>The same search, one full match (best 1) per start: the form the one-pass search replaced.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<SlotSearchResult> SearchPerStart() => _search.SearchPerSlotAsync(_queries[_next++ % _queries.Length]);

    /// <summary>The free slots of the next 14 days, up to 200, with the best interviewer each, in one pass.</summary>
    [Benchmark]
    public ValueTask<SlotSearchResult> SearchFourteenDays() => _search.SearchAsync(_queries[_next++ % _queries.Length]);

    private static string Describe(SlotSearchResult result) =>
        string.Join('\n', result.Days.SelectMany(d => d.Slots).Select(s => $"{s.Interviewer.Id} {s.Score} {s.Slot}")) + $" {result.Count} {result.Truncated}";
}
