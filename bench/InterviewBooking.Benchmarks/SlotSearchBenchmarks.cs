using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Slot search on the in-memory directory and reservation store over the matching data (<see cref="MatchingData"/>): the 14-day
/// search a booking page shows (60-minute plan, 30-minute grid, up to 200 slots, candidate queries rotating) in one pass, against the
/// same search done one full match per start (the form it replaced) in the same run as the baseline, and against the one-pass search
/// with its previous read strategy (<see cref="EagerReadSlotSearchRun"/>). The setup checks that all three give the same slots, and
/// prints how many slots the searches returned and what each one-pass form reads per search.
/// </summary>
[MemoryDiagnoser]
public class SlotSearchBenchmarks
{
    private SlotSearchService _search = null!;
    private Func<SlotSearchQuery, ValueTask<SlotSearchResult>> _eager = null!;
    private SlotSearchQuery[] _queries = null!;
    private int _next;

    [Params(10_000, 100_000)]
    public int InterviewerCount { get; set; }

    /// <summary>How many slots the searches returned (set in the setup).</summary>
    public string SlotsFound { get; private set; } = string.Empty;

    [GlobalSetup]
    public async Task Setup()
    {
        var data = MatchingData.Generate(InterviewerCount);
        var clock = MatchingData.Clock();
        var memory = new InMemoryReservationStore(clock);
        await data.ReserveAsync(memory);
        var directory = data.Directory();
        var options = Options();
        var monitor = new MatchBenchmarks.FixedOptions(options);
        _search = new SlotSearchService(directory, memory, new PriceCalculator(monitor, clock), monitor, clock);
        _eager = q => EagerReadSlotSearch.SearchAsync(q, options, clock, directory, memory);
        _queries = Queries(data);

        // The count each search returns, over every query (printed once per parameter set); the forms must agree slot for slot.
        var counts = new List<int>();
        foreach (var query in _queries)
        {
            var fast = await _search.SearchAsync(query);
            var described = Describe(fast);
            if (described != Describe(await _eager(query))
                || (_queries.Length - counts.Count <= 8 && described != Describe(await _search.SearchPerSlotAsync(query))))
            {
                throw new InvalidOperationException("The slot search forms disagree.");
            }

            counts.Add(fast.Count);
        }

        SlotsFound = $"min {counts.Min()}, mean {counts.Average():F0}, max {counts.Max()} slots";
        Console.WriteLine($"// Slot search at {InterviewerCount} interviewers returns {SlotsFound}");

        // What each one-pass form reads per search, over every query.
        var counting = new CountingReservationStore(memory);
        var counted = new SlotSearchService(directory, counting, new PriceCalculator(monitor, clock), monitor, clock);
        foreach (var (name, search) in new (string, Func<SlotSearchQuery, ValueTask<SlotSearchResult>>)[]
        {
            ("eager read", q => EagerReadSlotSearch.SearchAsync(q, options, clock, directory, counting)),
            ("aimed prefetch", q => counted.SearchAsync(q)),
        })
        {
            counting.Reset();
            foreach (var query in _queries)
            {
                await search(query);
            }

            Console.WriteLine(
                $"// Slot search at {InterviewerCount} interviewers, {name}: per search {(double)counting.Queries / _queries.Length:F2} queries, "
                + $"{(double)counting.InterviewersAsked / _queries.Length:F0} interviewers, {(double)counting.ReservationsRead / _queries.Length:F0} reservations read");
        }
    }

    /// <summary>The same search, one full match (best 1) per start: the form the one-pass search replaced.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<SlotSearchResult> SearchPerStart() => _search.SearchPerSlotAsync(_queries[_next++ % _queries.Length]);

    /// <summary>The one-pass search with its previous read strategy: each query also took every unread interviewer of the levels walked.</summary>
    [Benchmark]
    public ValueTask<SlotSearchResult> SearchFourteenDaysEagerRead() => _eager(_queries[_next++ % _queries.Length]);

    /// <summary>The free slots of the next 14 days, up to 200, with the best interviewer each, in one pass.</summary>
    [Benchmark]
    public ValueTask<SlotSearchResult> SearchFourteenDays() => _search.SearchAsync(_queries[_next++ % _queries.Length]);

    /// <summary>The options every slot search benchmark uses: the defaults and a 60-minute plan.</summary>
    internal static InterviewBookingOptions Options()
    {
        var options = new InterviewBookingOptions();
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
        return options;
    }

    /// <summary>The candidates' queries: the matching data's requests as 14-day searches.</summary>
    internal static SlotSearchQuery[] Queries(MatchingData data) =>
    [
        .. data.Requests.Select(r => new SlotSearchQuery
        {
            ExperienceYears = r.ExperienceYears,
            SkillCategories = r.SkillCategories,
            Skills = r.Skills,
            CandidateTimeZone = r.CandidateTimeZone,
            PlanId = r.PlanId,
        }),
    ];

    private static string Describe(SlotSearchResult result) =>
        string.Join('\n', result.Days.SelectMany(d => d.Slots).Select(s => $"{s.Interviewer.Id} {s.Score} {s.Slot}")) + $" {result.Count} {result.Truncated}";
}
