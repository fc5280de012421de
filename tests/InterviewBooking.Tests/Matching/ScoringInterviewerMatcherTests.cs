using NSubstitute;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

public sealed class ScoringInterviewerMatcherTests
{
    private readonly MatcherFixture _fixture = new();

    // ---- skills ----

    [Fact]
    public async Task Java_does_not_match_JavaScript()
    {
        _fixture.Interviewers.Add(Interviewer("js", skills: ["JavaScript"]));
        _fixture.Interviewers.Add(Interviewer("java", skills: ["Java"]));

        var matches = await _fixture.MatchAsync(Request(skills: ["Java"]));

        Assert.Equal(["java", "js"], Ids(matches));
        Assert.Equal(40, matches[0].Score.Skills); // category and skill both covered
        Assert.Equal(20, matches[1].Score.Skills); // category only: "JavaScript" is not "Java"
    }

    [Fact]
    public async Task A_category_is_a_whole_token_too()
    {
        _fixture.Interviewers.Add(Interviewer("js", categories: ["JavaScript"]));
        _fixture.DirectoryIgnoresCategory = true;

        var matches = await _fixture.MatchAsync(Request(categories: ["Java"]));

        Assert.Empty(matches);
    }

    [Fact]
    public async Task Skills_compare_case_insensitively_and_ignore_extra_white_space()
    {
        _fixture.Interviewers.Add(Interviewer("a", categories: ["System Design"], skills: ["kubernetes", "Go"]));

        var matches = await _fixture.MatchAsync(Request(categories: ["  SYSTEM   design "], skills: ["Kubernetes", "GO"]));

        var match = Assert.Single(matches);
        Assert.Equal(40, match.Score.Skills);
    }

    [Fact]
    public async Task Skill_score_is_half_category_coverage_and_half_skill_coverage()
    {
        // Asked: 2 categories (covers 1), 3 skills (covers 1): 40 * (1/2 / 2 + 1/3 / 2) = 16.67 -> 17.
        _fixture.Options.RequirePrimaryDomain = false;
        _fixture.Interviewers.Add(Interviewer("a", categories: ["Backend", "Frontend"], skills: ["C#", "Rust"]));

        var matches = await _fixture.MatchAsync(Request(categories: ["Backend", "Data"], skills: ["C#", "Python", "SQL"]));

        Assert.Equal(17, Assert.Single(matches).Score.Skills);
    }

    [Fact]
    public async Task Repeated_tokens_in_the_request_count_once()
    {
        _fixture.Interviewers.Add(Interviewer("a", categories: ["Backend"], skills: ["Java"]));

        var matches = await _fixture.MatchAsync(Request(categories: ["Backend", "backend"], skills: ["Java", "JAVA", "Go"]));

        // 1/1 categories, 1/2 skills: 40 * (1/2 + 1/4) = 30.
        Assert.Equal(30, Assert.Single(matches).Score.Skills);
    }

    // ---- primary domain gate ----

    [Fact]
    public async Task Primary_domain_gate_keeps_only_interviewers_covering_the_first_category()
    {
        _fixture.Interviewers.Add(Interviewer("backend", categories: ["Backend"]));
        _fixture.Interviewers.Add(Interviewer("frontend", categories: ["Frontend"]));

        var matches = await _fixture.MatchAsync(Request(categories: ["Backend", "Frontend"]));

        Assert.Equal(["backend"], Ids(matches));
        await _fixture.Directory.Received(1).FindAsync(
            Arg.Is<string?>(c => SkillToken.Normalize(c) == "backend"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Without_the_gate_everyone_is_considered_and_scored_on_coverage()
    {
        _fixture.Options.RequirePrimaryDomain = false;
        _fixture.Interviewers.Add(Interviewer("backend", categories: ["Backend"]));
        _fixture.Interviewers.Add(Interviewer("frontend", categories: ["Frontend"]));
        _fixture.Interviewers.Add(Interviewer("mobile", categories: ["Mobile"]));

        var matches = await _fixture.MatchAsync(Request(categories: ["Backend", "Frontend"]));

        Assert.Equal(["backend", "frontend", "mobile"], Ids(matches));
        Assert.All(matches.Take(2), m => Assert.Equal(20, m.Score.Skills));
        Assert.Equal(0, matches[2].Score.Skills);
        await _fixture.Directory.Received(1).FindAsync(null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Gate_holds_even_when_the_directory_returns_everyone()
    {
        _fixture.DirectoryIgnoresCategory = true;
        _fixture.Interviewers.Add(Interviewer("backend", categories: ["Backend"]));
        _fixture.Interviewers.Add(Interviewer("frontend", categories: ["Frontend", "Backend Ops"]));

        var matches = await _fixture.MatchAsync(Request(categories: ["Backend"]));

        Assert.Equal(["backend"], Ids(matches));
    }

    // ---- who is considered ----

    [Fact]
    public async Task Excluded_interviewers_are_skipped()
    {
        _fixture.Interviewers.Add(Interviewer("a"));
        _fixture.Interviewers.Add(Interviewer("b"));
        _fixture.Interviewers.Add(Interviewer("c"));

        var matches = await _fixture.MatchAsync(Request(excluded: [new InterviewerId("b")]));

        Assert.Equal(["a", "c"], Ids(matches));
    }

    [Fact]
    public async Task Inactive_interviewers_are_skipped()
    {
        _fixture.Interviewers.Add(Interviewer("a", active: false));
        _fixture.Interviewers.Add(Interviewer("b"));

        Assert.Equal(["b"], Ids(await _fixture.MatchAsync(Request())));
    }

    [Fact]
    public async Task An_interviewer_listed_twice_by_the_directory_is_matched_once()
    {
        var a = Interviewer("a");
        _fixture.Interviewers.AddRange([a, a, Interviewer("b")]);

        Assert.Equal(["a", "b"], Ids(await _fixture.MatchAsync(Request())));
    }

    [Fact]
    public async Task No_candidates_means_no_reservation_query_and_an_empty_result()
    {
        _fixture.Interviewers.Add(Interviewer("a", categories: ["Frontend"]));

        var result = await _fixture.CreateMatcher().MatchAsync(Request(), 5);

        Assert.Empty(result.Matches);
        await _fixture.Store.DidNotReceiveWithAnyArgs().GetActiveAsync(default!, default, default);
    }

    // ---- reservations ----

    [Fact]
    public async Task An_overlapping_active_reservation_skips_the_interviewer_but_touching_ones_do_not()
    {
        _fixture.Interviewers.Add(Interviewer("overlaps"));
        _fixture.Interviewers.Add(Interviewer("touches"));
        _fixture.Reservations.Add(Confirmed("overlaps", Slot.Start + Duration.FromMinutes(59), Duration.FromMinutes(30)));
        _fixture.Reservations.Add(Confirmed("touches", Slot.Start - Duration.FromMinutes(30), Duration.FromMinutes(30)));
        _fixture.Reservations.Add(Confirmed("touches", Slot.End, Duration.FromMinutes(30)));

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal(["touches"], Ids(matches));
    }

    [Fact]
    public async Task A_held_reservation_blocks_until_it_runs_out()
    {
        _fixture.Interviewers.Add(Interviewer("a"));
        _fixture.Reservations.Add(Confirmed("a", Slot.Start, Duration.FromHours(1)) with
        {
            Status = ReservationStatus.Held,
            HeldUntil = Now + Duration.FromMinutes(30),
        });

        Assert.Empty(await _fixture.MatchAsync(Request()));

        _fixture.Clock.Advance(Duration.FromMinutes(30));
        Assert.Equal(["a"], Ids(await _fixture.MatchAsync(Request())));
    }

    [Fact]
    public async Task A_reservation_the_store_returns_but_that_is_no_longer_active_is_ignored()
    {
        var store = Substitute.For<IReservationStore>();
        store.GetActiveAsync(default!, default, default).ReturnsForAnyArgs(
        [
            Confirmed("a", Slot.Start, Duration.FromHours(1)) with { Status = ReservationStatus.Released },
        ]);
        store.GetActiveSlotsAsync(default!, default, default).ReturnsForAnyArgs(
            new ReservedSlotsOf([Confirmed("a", Slot.Start, Duration.FromHours(1)) with { Status = ReservationStatus.Released }]));
        _fixture.Interviewers.Add(Interviewer("a"));
        var matcher = new ScoringInterviewerMatcher(
            _fixture.Directory, store, new Support.TestOptionsMonitor<InterviewBookingOptions>(_fixture.Options), _fixture.Clock);

        var result = await matcher.MatchAsync(Request(), 5);

        Assert.Equal(30, Assert.Single(result.Matches).Score.Availability);
    }

    [Fact]
    public async Task Reservations_are_read_with_one_query_for_all_candidates()
    {
        _fixture.Interviewers.Add(Interviewer("a"));
        _fixture.Interviewers.Add(Interviewer("b", zone: NewYork));
        _fixture.Interviewers.Add(Interviewer("c", windows: [])); // never available: not queried
        _fixture.Interviewers.Add(Interviewer("d"));

        await _fixture.MatchAsync(Request());

        // Slot's local day in New York (12 Jan, UTC-5) ends 13 Jan 05:00 UTC; the coming week ends 17 Jan 12:00 UTC.
        await _fixture.Store.Received(1).GetActiveSlotsAsync(
            Arg.Is<IReadOnlyCollection<InterviewerId>>(ids => ids.Select(i => i.Value).Order().SequenceEqual(new[] { "a", "b", "d" })),
            Arg.Is<Interval>(w => w.Start <= Now && w.End >= Now + Duration.FromDays(7)
                && w.Start <= Instant.FromUtc(2026, 1, 12, 0, 0) && w.End >= Instant.FromUtc(2026, 1, 13, 5, 0)),
            Arg.Any<CancellationToken>());
        Assert.Single(_fixture.Store.ReceivedCalls());
    }

    [Fact]
    public async Task The_query_window_covers_the_local_day_of_a_slot_beyond_the_coming_week()
    {
        var later = new Interval(Slot.Start + Duration.FromDays(28), Slot.End + Duration.FromDays(28)); // Monday 9 Feb
        _fixture.Interviewers.Add(Interviewer("tokyo", zone: Tokyo, windows: [new(IsoDayOfWeek.Monday, new LocalTime(22, 0), LocalTime.Midnight)]));

        await _fixture.MatchAsync(Request(slot: later));

        // 23:00 Monday 9 Feb in Tokyo: that local day is 8 Feb 15:00 UTC .. 9 Feb 15:00 UTC.
        await _fixture.Store.Received(1).GetActiveSlotsAsync(
            Arg.Any<IReadOnlyCollection<InterviewerId>>(),
            Arg.Is<Interval>(w => w.Start <= Instant.FromUtc(2026, 2, 8, 15, 0) && w.End >= Instant.FromUtc(2026, 2, 9, 15, 0)),
            Arg.Any<CancellationToken>());
    }

    // ---- weekly windows and time zones ----

    [Theory]
    [InlineData(IsoDayOfWeek.Monday, 9, 0, 17, 0, true)]
    [InlineData(IsoDayOfWeek.Monday, 14, 0, 15, 0, true)]   // exactly the slot
    [InlineData(IsoDayOfWeek.Monday, 9, 0, 14, 30, false)]  // ends inside the slot
    [InlineData(IsoDayOfWeek.Monday, 14, 30, 17, 0, false)] // starts inside the slot
    [InlineData(IsoDayOfWeek.Tuesday, 9, 0, 17, 0, false)]  // another day
    public async Task The_slot_must_lie_inside_a_weekly_window(IsoDayOfWeek day, int fromHour, int fromMinute, int toHour, int toMinute, bool matched)
    {
        _fixture.Interviewers.Add(Interviewer("a", windows: [new(day, new LocalTime(fromHour, fromMinute), new LocalTime(toHour, toMinute))]));

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal(matched, matches.Count == 1);
    }

    [Fact]
    public async Task An_interviewer_with_no_windows_is_never_available()
    {
        _fixture.Interviewers.Add(Interviewer("a", windows: []));

        Assert.Empty(await _fixture.MatchAsync(Request()));
    }

    [Fact]
    public async Task Windows_are_read_in_the_interviewers_own_zone()
    {
        // 14:00 UTC on 12 Jan is 09:00 in New York (EST) and 23:00 in Tokyo.
        _fixture.Interviewers.Add(Interviewer("new-york", zone: NewYork));
        _fixture.Interviewers.Add(Interviewer("tokyo", zone: Tokyo));
        _fixture.Interviewers.Add(Interviewer("tokyo-late", zone: Tokyo, windows: [new(IsoDayOfWeek.Monday, new LocalTime(22, 0), LocalTime.Midnight)]));

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal(["new-york", "tokyo-late"], Ids(matches));
        Assert.All(matches, m => Assert.Equal(Slot, m.Slot));
    }

    [Fact]
    public async Task Summer_time_moves_the_utc_hour_that_fits_a_local_window()
    {
        // Monday 13 July 2026: New York is UTC-4, so 09:00 local is 13:00 UTC.
        _fixture.Clock.Reset(Instant.FromUtc(2026, 7, 11, 12, 0));
        _fixture.Interviewers.Add(Interviewer("new-york", zone: NewYork));
        var at13 = new Interval(Instant.FromUtc(2026, 7, 13, 13, 0), Instant.FromUtc(2026, 7, 13, 14, 0));
        var at12 = new Interval(Instant.FromUtc(2026, 7, 13, 12, 0), Instant.FromUtc(2026, 7, 13, 13, 0));

        Assert.Single(await _fixture.MatchAsync(Request(slot: at13)));
        Assert.Empty(await _fixture.MatchAsync(Request(slot: at12)));
    }

    [Fact]
    public async Task A_slot_spanning_local_midnight_is_in_no_window()
    {
        var monday = new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(20, 0), LocalTime.Midnight);
        var tuesday = new WeeklyWindow(IsoDayOfWeek.Tuesday, LocalTime.Midnight, new LocalTime(4, 0));
        _fixture.Interviewers.Add(Interviewer("a", windows: [monday, tuesday]));
        var spanning = new Interval(Instant.FromUtc(2026, 1, 12, 23, 30), Instant.FromUtc(2026, 1, 13, 0, 30));
        var endingAtMidnight = new Interval(Instant.FromUtc(2026, 1, 12, 23, 0), Instant.FromUtc(2026, 1, 13, 0, 0));

        Assert.Empty(await _fixture.MatchAsync(Request(slot: spanning)));
        Assert.Single(await _fixture.MatchAsync(Request(slot: endingAtMidnight)));
    }

    [Fact]
    public async Task A_slot_ending_at_midnight_does_not_fit_a_window_ending_earlier()
    {
        _fixture.Interviewers.Add(Interviewer("a", windows: [new(IsoDayOfWeek.Monday, new LocalTime(20, 0), new LocalTime(23, 59))]));
        var endingAtMidnight = new Interval(Instant.FromUtc(2026, 1, 12, 23, 0), Instant.FromUtc(2026, 1, 13, 0, 0));

        Assert.Empty(await _fixture.MatchAsync(Request(slot: endingAtMidnight)));
    }

    // ---- daily cap and availability score ----

    [Fact]
    public async Task An_interviewer_at_their_daily_cap_is_skipped()
    {
        _fixture.Interviewers.Add(Interviewer("full", maxPerDay: 2));
        _fixture.Interviewers.Add(Interviewer("one-left", maxPerDay: 3));
        foreach (var id in new[] { "full", "one-left" })
        {
            _fixture.Reservations.Add(Confirmed(id, Instant.FromUtc(2026, 1, 12, 9, 0), Duration.FromHours(1)));
            _fixture.Reservations.Add(Confirmed(id, Instant.FromUtc(2026, 1, 12, 11, 0), Duration.FromHours(1)));
        }

        var matches = await _fixture.MatchAsync(Request());

        var match = Assert.Single(matches);
        Assert.Equal("one-left", match.Interviewer.Id.Value);
        Assert.Equal(10, match.Score.Availability); // 30 * (1 - 2/3)
    }

    [Fact]
    public async Task The_daily_cap_counts_the_local_day_in_the_interviewers_zone()
    {
        // For a New York interviewer, 03:00 UTC on 12 Jan is 22:00 on Sunday 11 Jan: another local day.
        // 04:00 UTC on 13 Jan is 23:00 on Monday 12 Jan: the same local day as the slot.
        _fixture.Interviewers.Add(Interviewer("a", zone: NewYork, maxPerDay: 2));
        _fixture.Reservations.Add(Confirmed("a", Instant.FromUtc(2026, 1, 12, 3, 0), Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("a", Instant.FromUtc(2026, 1, 13, 4, 0), Duration.FromMinutes(30)));

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal(15, Assert.Single(matches).Score.Availability); // 1 of 2 that local day

        _fixture.Reservations.Add(Confirmed("a", Instant.FromUtc(2026, 1, 12, 16, 0), Duration.FromHours(1)));
        Assert.Empty(await _fixture.MatchAsync(Request()));
    }

    [Fact]
    public async Task An_interviewer_with_a_lighter_day_ranks_higher()
    {
        _fixture.Interviewers.Add(Interviewer("busy"));
        _fixture.Interviewers.Add(Interviewer("light"));
        _fixture.Reservations.Add(Confirmed("busy", Instant.FromUtc(2026, 1, 12, 9, 0), Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("busy", Instant.FromUtc(2026, 1, 12, 10, 0), Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("light", Instant.FromUtc(2026, 1, 12, 9, 0), Duration.FromHours(1)));

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal(["light", "busy"], Ids(matches));
        Assert.Equal(25, matches[0].Score.Availability); // 30 * 5/6
        Assert.Equal(20, matches[1].Score.Availability); // 30 * 4/6
    }

    [Fact]
    public async Task An_interviewer_taking_no_interviews_a_day_is_never_available()
    {
        _fixture.Interviewers.Add(Interviewer("a", maxPerDay: 0));

        Assert.Empty(await _fixture.MatchAsync(Request()));
    }

    // ---- experience ----

    [Fact]
    public async Task Interviewers_at_least_as_senior_as_the_candidate_are_preferred()
    {
        _fixture.Interviewers.Add(Interviewer("junior", years: 3));
        _fixture.Interviewers.Add(Interviewer("peer", years: 5));
        _fixture.Interviewers.Add(Interviewer("senior", years: 8));
        _fixture.Interviewers.Add(Interviewer("veteran", years: 30));

        var matches = await _fixture.MatchAsync(Request(years: 5));

        Assert.Equal(["veteran", "senior", "peer", "junior"], Ids(matches));
        Assert.Equal([30, 23, 20, 10], matches.Select(m => m.Score.Experience));
    }

    [Fact]
    public async Task Without_the_seniority_preference_experience_counts_years_alone()
    {
        _fixture.Options.PreferSeniorInterviewers = false;
        _fixture.Interviewers.Add(Interviewer("junior", years: 3));
        _fixture.Interviewers.Add(Interviewer("senior", years: 8));
        _fixture.Interviewers.Add(Interviewer("veteran", years: 30));

        var matches = await _fixture.MatchAsync(Request(years: 20));

        Assert.Equal(["veteran", "senior", "junior"], Ids(matches));
        Assert.Equal([30, 16, 6], matches.Select(m => m.Score.Experience));
    }

    // ---- minimum, breakdown, ranking ----

    [Fact]
    public async Task Matches_below_the_minimum_score_are_dropped_and_one_at_the_minimum_is_kept()
    {
        // Skills 20 (category only), availability 30; experience 20 (peer) vs 0 (4 years short): totals 70 and 50.
        _fixture.Options.MinimumMatchScore = 70;
        _fixture.Interviewers.Add(Interviewer("peer", skills: [], years: 5));
        _fixture.Interviewers.Add(Interviewer("junior", skills: [], years: 1));

        var matches = await _fixture.MatchAsync(Request(skills: ["Go"], years: 5));

        var match = Assert.Single(matches);
        Assert.Equal("peer", match.Interviewer.Id.Value);
        Assert.Equal(70, match.Score.Total);
    }

    [Fact]
    public async Task The_breakdown_explains_the_total()
    {
        _fixture.Interviewers.Add(Interviewer("a", skills: ["Java", "SQL"], years: 8));
        _fixture.Reservations.Add(Confirmed("a", Instant.FromUtc(2026, 1, 12, 9, 0), Duration.FromHours(1)));

        var match = Assert.Single(await _fixture.MatchAsync(Request(skills: ["Java", "Kafka"], years: 5)));

        Assert.Equal(23, match.Score.Experience);   // 20 + 3 years more
        Assert.Equal(30, match.Score.Skills);       // 40 * (1/2 + 1/4)
        Assert.Equal(25, match.Score.Availability); // 30 * (1 - 1/6)
        Assert.Equal(78, match.Score.Total);
        Assert.Equal(match.Score.Experience + match.Score.Skills + match.Score.Availability, match.Score.Total);
    }

    [Fact]
    public async Task Ties_break_on_fewest_upcoming_reservations_then_id_and_the_ranking_is_repeatable()
    {
        // Same score for all; upcoming load differs on Tuesday (not the slot's day, so availability stays equal).
        _fixture.Interviewers.AddRange([Interviewer("c"), Interviewer("b"), Interviewer("a"), Interviewer("d")]);
        _fixture.Reservations.Add(Confirmed("a", Instant.FromUtc(2026, 1, 13, 9, 0), Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("d", Instant.FromUtc(2026, 1, 13, 9, 0), Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("d", Instant.FromUtc(2026, 1, 14, 9, 0), Duration.FromHours(1)));
        // Beyond the coming 7 days: does not count.
        _fixture.Reservations.Add(Confirmed("b", Instant.FromUtc(2026, 1, 20, 9, 0), Duration.FromHours(1)));

        var first = await _fixture.MatchAsync(Request());
        var second = await _fixture.MatchAsync(Request());
        _fixture.Interviewers.Reverse();
        var reversed = await _fixture.MatchAsync(Request());

        Assert.Equal(["b", "c", "a", "d"], Ids(first));
        Assert.Equal(Ids(first), Ids(second));
        Assert.Equal(Ids(first), Ids(reversed));
        Assert.Single(first.Select(m => m.Score.Total).Distinct());
    }

    [Fact]
    public async Task Score_outranks_load()
    {
        _fixture.Interviewers.Add(Interviewer("loaded", skills: ["Go"]));
        _fixture.Interviewers.Add(Interviewer("idle", skills: []));
        _fixture.Reservations.Add(Confirmed("loaded", Instant.FromUtc(2026, 1, 13, 9, 0), Duration.FromHours(1)));

        Assert.Equal(["loaded", "idle"], Ids(await _fixture.MatchAsync(Request(skills: ["Go"]))));
    }

    [Fact]
    public async Task At_most_max_results_are_returned_best_first()
    {
        for (var years = 1; years <= 5; years++)
        {
            _fixture.Interviewers.Add(Interviewer($"y{years}", years: years));
        }

        var result = await _fixture.CreateMatcher().MatchAsync(Request(years: 0), 2);

        Assert.Equal(["y5", "y4"], Ids(result.Matches));
    }

    // ---- request shape ----

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Max_results_below_one_is_rejected(int maxResults)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _fixture.CreateMatcher().MatchAsync(Request(), maxResults).AsTask());
    }

    public static TheoryData<string, Func<InterviewRequest, InterviewRequest>> BadRequests => new()
    {
        { "RequestedSlot", r => r with { RequestedSlot = new Interval(null, Slot.End) } },
        { "RequestedSlot", r => r with { RequestedSlot = new Interval(Slot.Start, null) } },
        { "RequestedSlot", r => r with { RequestedSlot = new Interval(Slot.Start, Slot.Start) } },
        { "SkillCategories", r => r with { SkillCategories = [] } },
        { "SkillCategories", r => r with { SkillCategories = ["  ", "Backend"] } },
        { "SkillCategories", r => r with { SkillCategories = null! } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_malformed_request_names_the_field(string field, Func<InterviewRequest, InterviewRequest> change)
    {
        _fixture.Interviewers.Add(Interviewer("a"));

        var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(
            () => _fixture.CreateMatcher().MatchAsync(change(Request()), 5).AsTask());

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        await _fixture.Directory.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task A_null_request_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _fixture.CreateMatcher().MatchAsync(null!, 5).AsTask());
    }
}
