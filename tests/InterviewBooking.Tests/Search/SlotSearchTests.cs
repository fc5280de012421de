using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;
using NSubstitute;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Search;

/// <summary>
/// Slot search over the matcher's fixture (now is Saturday 10 January 2026, noon UTC; the default interviewer works Mondays
/// 09:00-17:00 UTC): a 60-minute plan on the 30-minute grid gives 09:00..16:00, 15 starts a Monday, two Mondays in 14 days.
/// Every search runs through the plain directory and the index, and one match per start, and all must agree.
/// </summary>
public sealed class SlotSearchTests
{
    private static readonly DateTimeZone Tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
    private static readonly LocalDate Monday12 = new(2026, 1, 12);
    private static readonly LocalDate Monday19 = new(2026, 1, 19);

    private readonly Matching.MatcherFixture _fixture = new();

    public SlotSearchTests()
    {
        _fixture.Options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "Mock 60", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9000 });
#pragma warning disable CA2012 // NSubstitute's setup call is not a real await of the ValueTask.
        _fixture.Directory.GetAsync(Arg.Any<InterviewerId>(), Arg.Any<CancellationToken>())
            .Returns(call => new ValueTask<InterviewerProfile?>(_fixture.Interviewers.Find(i => i.Id == call.ArgAt<InterviewerId>(0))));
#pragma warning restore CA2012
    }

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    private static SlotSearchQuery Query(DateTimeZone? zone = null, int years = 5) => new()
    {
        ExperienceYears = years,
        SkillCategories = ["Backend"],
        CandidateTimeZone = zone ?? DateTimeZone.Utc,
        PlanId = "mock-60",
    };

    private static List<Instant> Starts(SlotSearchResult result) => [.. result.Days.SelectMany(d => d.Slots).Select(s => s.Slot.Start)];

    private static List<Instant> StartsOn(SlotSearchResult result, LocalDate date) =>
        [.. result.Days.Where(d => d.Date == date).SelectMany(d => d.Slots).Select(s => s.Slot.Start)];

    private static List<Instant> Grid(Instant first, int count) => [.. Enumerable.Range(0, count).Select(i => first + Duration.FromMinutes(30 * i))];

    private SlotSearchService Service(bool indexed)
    {
        IInterviewerDirectory directory = _fixture.Directory;
        if (indexed)
        {
            var memory = new InMemoryInterviewerDirectory();
            memory.AddOrUpdateRange(_fixture.Interviewers);
            directory = memory;
        }

        var options = new TestOptionsMonitor<InterviewBookingOptions>(_fixture.Options);
        return new SlotSearchService(directory, _fixture.Store, new PriceCalculator(options, _fixture.Clock), options, _fixture.Clock, interviews: _fixture.Interviews);
    }

    private async Task<SlotSearchResult> SearchBothWaysAsync(SlotSearchQuery query)
    {
        var plain = await Service(indexed: false).SearchAsync(query);
        var indexed = await Service(indexed: true).SearchAsync(query);
        Assert.Equal(Describe(plain), Describe(indexed));
        Assert.Equal(Describe(plain), Describe(await Service(indexed: true).SearchPerSlotAsync(query)));
        return plain;
    }

    private static List<string> Describe(SlotSearchResult result) =>
        [.. result.Days.SelectMany(d => d.Slots.Select(s => $"{d.Date} {s.Interviewer.Id} {s.Score.Total} {s.Score.Reliability} {s.Slot} {s.SlotText}")), $"{result.Count} {result.Truncated}"];

    [Fact]
    public async Task Windows_are_cut_into_plan_length_slots_on_the_grid_over_fourteen_days()
    {
        _fixture.Interviewers.Add(Interviewer("a"));

        var result = await SearchBothWaysAsync(Query());

        Assert.Equal([Monday12, Monday19], result.Days.Select(d => d.Date));
        Assert.Equal(Grid(Utc(1, 12, 9), 15), StartsOn(result, Monday12));
        Assert.Equal(Grid(Utc(1, 19, 9), 15), StartsOn(result, Monday19));
        Assert.Equal(30, result.Count);
        Assert.False(result.Truncated);
        Assert.All(result.Days.SelectMany(d => d.Slots), s => Assert.Equal(Duration.FromHours(1), s.Slot.Duration));
        Assert.Equal("Monday, 12/01/2026 09:00-10:00", result.Days[0].Slots[0].SlotText);
        Assert.Equal(new Interval(Utc(1, 10, 12), Utc(1, 24, 12)), result.Searched);
    }

    [Fact]
    public async Task Slots_are_rendered_and_grouped_by_the_candidates_local_day()
    {
        _fixture.Interviewers.Add(Interviewer("a"));

        var result = await SearchBothWaysAsync(Query(Tokyo));

        // 09:00 UTC is 18:00 in Tokyo; 15:00 UTC is midnight, the Tuesday.
        Assert.Equal([Monday12, Monday12.PlusDays(1), Monday19, Monday19.PlusDays(1)], result.Days.Select(d => d.Date));
        Assert.Equal([12, 3, 12, 3], result.Days.Select(d => d.Slots.Count));
        Assert.Equal("Monday, 12/01/2026 18:00-19:00", result.Days[0].Slots[0].SlotText);
        Assert.Equal("Tuesday, 13/01/2026 00:00-01:00", result.Days[1].Slots[0].SlotText);
    }

    [Fact]
    public async Task Busy_time_with_buffers_removes_the_slots_whose_occupied_spans_overlap()
    {
        // Occupied spans are the slot plus both buffers: 12:00-13:00 occupies 12:00-13:30, and so would a new slot's end + 30 minutes.
        _fixture.Interviewers.Add(Interviewer("a") with { BufferAfter = Duration.FromMinutes(30) });
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 12), Duration.FromHours(1)));

        var result = await SearchBothWaysAsync(Query());

        var monday = StartsOn(result, Monday12);
        Assert.Equal(Grid(Utc(1, 12, 9), 15).Except([Utc(1, 12, 11), Utc(1, 12, 11, 30), Utc(1, 12, 12), Utc(1, 12, 12, 30), Utc(1, 12, 13)]), monday);
        Assert.Equal(15, StartsOn(result, Monday19).Count);
    }

    [Fact]
    public async Task Minimum_notice_and_the_horizon_bound_the_starts()
    {
        _fixture.Interviewers.Add(Interviewer("notice") with { MinimumNotice = Duration.FromDays(2) });

        var notice = await SearchBothWaysAsync(Query());
        Assert.Equal(Grid(Utc(1, 12, 12), 9), StartsOn(notice, Monday12)); // from Monday noon

        _fixture.Interviewers.Clear();
        _fixture.Interviewers.Add(Interviewer("horizon") with { BookingHorizon = Duration.FromDays(3) });

        var horizon = await SearchBothWaysAsync(Query());
        Assert.Equal([Monday12], horizon.Days.Select(d => d.Date)); // nothing after Tuesday noon
    }

    [Fact]
    public async Task A_day_at_its_daily_cap_offers_nothing()
    {
        _fixture.Interviewers.Add(Interviewer("a", maxPerDay: 2));
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 9), Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 15), Duration.FromHours(1)));

        var result = await SearchBothWaysAsync(Query());

        Assert.Equal([Monday19], result.Days.Select(d => d.Date));
    }

    [Fact]
    public async Task Day_off_blocked_range_and_extra_window_overrides_apply()
    {
        var sunday = new LocalDate(2026, 1, 18);
        _fixture.Interviewers.Add(Interviewer("a") with
        {
            AvailabilityOverrides =
            [
                AvailabilityOverride.DayOff(Monday19),
                AvailabilityOverride.Blocked(Monday12, new LocalTime(12, 0), new LocalTime(13, 0)),
                AvailabilityOverride.ExtraWindow(sunday, new LocalTime(10, 0), new LocalTime(12, 0)),
            ],
        });

        var result = await SearchBothWaysAsync(Query());

        Assert.Equal([Monday12, sunday], result.Days.Select(d => d.Date));
        Assert.Equal(Grid(Utc(1, 12, 9), 15).Except([Utc(1, 12, 11, 30), Utc(1, 12, 12), Utc(1, 12, 12, 30)]), StartsOn(result, Monday12));
        Assert.Equal(Grid(Utc(1, 18, 10), 3), StartsOn(result, sunday));
    }

    [Fact]
    public async Task Each_slot_names_the_interviewer_the_matcher_ranks_first_for_it()
    {
        _fixture.Interviewers.Add(Interviewer("senior", years: 10));
        _fixture.Interviewers.Add(Interviewer("junior", years: 5));
        _fixture.Reservations.Add(Confirmed("senior", Utc(1, 12, 9), Duration.FromHours(1)));

        var result = await SearchBothWaysAsync(Query());

        var slots = result.Days.SelectMany(d => d.Slots).ToList();
        Assert.Equal(30, slots.Count);
        // On the 12th the senior is busy at 09:00 (and 09:30 overlaps it); later that day their booking costs them 5 availability
        // points, which ties them with the junior, and the tie goes to the lighter week. On the 19th the senior's 5 experience points win.
        Assert.All(slots.Take(15), s => Assert.Equal("junior", s.Interviewer.Id.Value));
        Assert.All(slots.Skip(15), s => Assert.Equal("senior", s.Interviewer.Id.Value));
        foreach (var slot in slots.Take(3).Concat(slots.Skip(15).Take(2)))
        {
            var best = (await _fixture.MatchAsync(Request(slot: slot.Slot), 1))[0];
            Assert.Equal((best.Interviewer.Id, best.Score), (slot.Interviewer.Id, slot.Score));
        }
    }

    [Fact]
    public async Task Exclusions_and_the_primary_domain_apply()
    {
        _fixture.Interviewers.Add(Interviewer("a", years: 10));
        _fixture.Interviewers.Add(Interviewer("b", years: 5));
        _fixture.Interviewers.Add(Interviewer("frontend", categories: ["Frontend"], windows: [Window(IsoDayOfWeek.Tuesday, 9, 0, 17, 0)]));

        var result = await SearchBothWaysAsync(Query() with { ExcludedInterviewers = [new InterviewerId("a")] });

        Assert.Equal(30, result.Count);
        Assert.All(result.Days.SelectMany(d => d.Slots), s => Assert.Equal("b", s.Interviewer.Id.Value));
    }

    [Fact]
    public async Task A_spring_forward_day_offers_only_the_slots_that_read_inside_the_window()
    {
        // New York, Sundays 01:00-04:00. On 8 March 2026 02:00 EST jumps to 03:00 EDT: the window lasts two real hours
        // (06:00-08:00 UTC), a week later three (05:00-08:00 UTC).
        _fixture.Interviewers.Add(Interviewer("ny", zone: NewYork, windows: [Window(IsoDayOfWeek.Sunday, 1, 0, 4, 0)]));

        var result = await SearchBothWaysAsync(Query(NewYork) with { From = Utc(3, 8, 0), Range = Duration.FromDays(8) });

        Assert.Equal([new LocalDate(2026, 3, 8), new LocalDate(2026, 3, 15)], result.Days.Select(d => d.Date));
        Assert.Equal(Grid(Utc(3, 8, 6), 3), StartsOn(result, new LocalDate(2026, 3, 8)));
        Assert.Equal(Grid(Utc(3, 15, 5), 5), StartsOn(result, new LocalDate(2026, 3, 15)));
        Assert.StartsWith("Sunday, 08/03/2026 01:00", result.Days[0].Slots[0].SlotText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_count_is_bounded_and_a_bounded_result_says_so()
    {
        _fixture.Interviewers.Add(Interviewer("a"));

        var five = await SearchBothWaysAsync(Query() with { MaxSlots = 5 });
        Assert.Equal(Grid(Utc(1, 12, 9), 5), Starts(five));
        Assert.Equal(5, five.Count);
        Assert.True(five.Truncated);

        _fixture.Options.MaxSearchSlots = 20;
        var capped = await SearchBothWaysAsync(Query());
        Assert.Equal(20, capped.Count);
        Assert.True(capped.Truncated);

        var exact = await SearchBothWaysAsync(Query() with { Range = Duration.FromDays(3) });
        Assert.Equal(15, exact.Count);
        Assert.False(exact.Truncated);
    }

    [Fact]
    public async Task The_range_starts_at_the_later_of_now_and_from_on_the_grid()
    {
        _fixture.Interviewers.Add(Interviewer("a"));

        var past = await SearchBothWaysAsync(Query() with { From = Utc(1, 1, 0) });
        Assert.Equal(Utc(1, 10, 12), past.Searched.Start);

        var later = await SearchBothWaysAsync(Query() with { From = Utc(1, 12, 13, 10) });
        Assert.Equal(new Interval(Utc(1, 12, 13, 10), Utc(1, 26, 13, 10)), later.Searched);
        Assert.Equal(Utc(1, 12, 13, 30), Starts(later)[0]);
    }

    [Fact]
    public async Task Starts_are_on_the_interviewers_own_clock_in_a_quarter_hour_zone()
    {
        // Kathmandu is UTC+05:45: Mondays 09:00-17:00 there are 03:15-11:15 UTC, and a UTC-aligned grid would offer 09:15 first.
        var kathmandu = DateTimeZoneProviders.Tzdb["Asia/Kathmandu"];
        _fixture.Interviewers.Add(Interviewer("np", zone: kathmandu));

        var result = await SearchBothWaysAsync(Query(kathmandu));

        Assert.Equal(Grid(Utc(1, 12, 3, 15), 15), StartsOn(result, Monday12));
        Assert.StartsWith("Monday, 12/01/2026 09:00-10:00", result.Days[0].Slots[0].SlotText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hourly_grid_starts_on_the_local_hour_in_a_half_hour_zone()
    {
        // Kolkata is UTC+05:30: with a one-hour step its 09:00 is 03:30 UTC, not 03:00 or 04:00.
        var kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];
        _fixture.Options.SlotSearchStep = Duration.FromHours(1);
        _fixture.Interviewers.Add(Interviewer("in", zone: kolkata));
        _fixture.Interviewers.Add(Interviewer("utc", windows: [Window(IsoDayOfWeek.Monday, 12, 0, 14, 0)]));

        var result = await SearchBothWaysAsync(Query());

        var hourly = Enumerable.Range(0, 8).Select(i => Utc(1, 12, 3, 30) + Duration.FromHours(i));
        Assert.Equal([.. hourly.Take(8), Utc(1, 12, 12), Utc(1, 12, 13)], StartsOn(result, Monday12));
    }

    [Fact]
    public async Task A_plan_the_step_does_not_divide_gets_a_finer_grid_so_slots_fit_back_to_back()
    {
        // 45 minutes on a 30-minute step: starts every 15 minutes, so after a booking 09:00-09:45 the window's 09:45-10:30 is offered.
        _fixture.Options.Plans.Add(new InterviewPlan { Id = "mock-45", Name = "Mock 45", Duration = Duration.FromMinutes(45), PriceMinorUnits = 7000 });
        _fixture.Interviewers.Add(Interviewer("a", windows: [Window(IsoDayOfWeek.Monday, 9, 0, 10, 30)]));
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 9), Duration.FromMinutes(45)));

        var result = await SearchBothWaysAsync(Query() with { PlanId = "mock-45" });

        Assert.Equal([Utc(1, 12, 9, 45)], StartsOn(result, Monday12));
        Assert.Equal([Utc(1, 19, 9), Utc(1, 19, 9, 15), Utc(1, 19, 9, 30), Utc(1, 19, 9, 45)], StartsOn(result, Monday19));
        Assert.Equal(Duration.FromMinutes(15), SlotSearch.StepFor(Duration.FromMinutes(30), Duration.FromMinutes(45)));
        Assert.Equal(Duration.FromMinutes(30), SlotSearch.StepFor(Duration.FromMinutes(30), Duration.FromMinutes(90)));
        Assert.Equal(Duration.FromMinutes(30), SlotSearch.StepFor(Duration.FromMinutes(30), Duration.FromMinutes(47))); // gcd 1 minute: too fine
    }

    [Theory]
    [InlineData(0, null, "MaxSlots")]
    [InlineData(201, null, "MaxSlots")]
    [InlineData(null, 0, "Range")]
    [InlineData(null, 61, "Range")]
    public async Task Out_of_range_bounds_are_typed_errors_naming_the_field(int? maxSlots, int? rangeDays, string field)
    {
        var query = Query() with { MaxSlots = maxSlots, Range = rangeDays is { } days ? Duration.FromDays(days) : null };

        var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => Service(indexed: true).SearchAsync(query).AsTask());

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task An_unknown_plan_is_a_typed_error()
    {
        var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => Service(indexed: true).SearchAsync(Query() with { PlanId = "nope" }).AsTask());

        Assert.Equal("PlanId", error.Field);
    }

    [Fact]
    public async Task One_interviewers_search_offers_their_free_slots_even_when_someone_ranks_higher()
    {
        _fixture.Interviewers.Add(Interviewer("senior", years: 10));
        _fixture.Interviewers.Add(Interviewer("junior", years: 5));
        _fixture.Reservations.Add(Confirmed("junior", Utc(1, 19, 9), Duration.FromHours(1)));

        foreach (var indexed in new[] { false, true })
        {
            var result = await Service(indexed).SearchInterviewerAsync(new InterviewerId("junior"), Query());

            Assert.Equal(28, result.Count); // two starts overlap the booking
            Assert.All(result.Days.SelectMany(d => d.Slots), s => Assert.Equal("junior", s.Interviewer.Id.Value));
            Assert.DoesNotContain(Utc(1, 19, 9), Starts(result));
            Assert.Equal(0, (await Service(indexed).SearchInterviewerAsync(new InterviewerId("nobody"), Query())).Count);
        }
    }

    [Fact]
    public async Task With_reliability_on_each_start_goes_to_the_reliable_interviewer_and_shows_the_part()
    {
        // Equal on everything else: by id "a-flaky" would take every start; its 5 no-shows in 10 ended interviews cost it 4 of 15 points.
        _fixture.Options.ExperienceWeight = 25;
        _fixture.Options.SkillsWeight = 35;
        _fixture.Options.AvailabilityWeight = 25;
        _fixture.Options.ReliabilityWeight = 15;
        _fixture.Interviewers.Add(Interviewer("a-flaky"));
        _fixture.Interviewers.Add(Interviewer("b-steady"));
        _fixture.Reliability[new InterviewerId("a-flaky")] = new InterviewerReliability(new InterviewerId("a-flaky"), 5, 0, 0, null) { Attended = 5 };

        var result = await SearchBothWaysAsync(Query());

        Assert.Equal(30, result.Count);
        Assert.All(result.Days.SelectMany(d => d.Slots), s => Assert.Equal(("b-steady", 15), (s.Interviewer.Id.Value, s.Score.Reliability)));
    }

    [Fact]
    public async Task With_reliability_off_the_search_reads_none()
    {
        _fixture.Interviewers.Add(Interviewer("a-flaky"));
        _fixture.Interviewers.Add(Interviewer("b-steady"));
        _fixture.Reliability[new InterviewerId("a-flaky")] = new InterviewerReliability(new InterviewerId("a-flaky"), 5, 0, 0, null) { Attended = 5 };

        var result = await SearchBothWaysAsync(Query());

        Assert.All(result.Days.SelectMany(d => d.Slots), s => Assert.Equal(("a-flaky", 0), (s.Interviewer.Id.Value, s.Score.Reliability)));
        await _fixture.Interviews.DidNotReceiveWithAnyArgs().GetReliabilityAsync(default!, default);
    }
}
