using NSubstitute;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>When nobody is free for the requested slot: the nearest free slots of the best interviewers, each checked like a match.</summary>
public sealed class AlternativesTests
{
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    private readonly MatcherFixture _fixture = new();

    private static Instant Utc(int day, int hour, int minute = 0) => Instant.FromUtc(2026, 1, day, hour, minute);

    private static List<Instant> Starts(MatchResult result) => result.Alternatives.Select(a => a.Slot.Start).ToList();

    [Fact]
    public async Task None_are_offered_when_someone_is_free()
    {
        _fixture.Interviewers.Add(Interviewer("a"));

        var result = await _fixture.MatchBothWaysAsync(Request());

        Assert.Single(result.Matches);
        Assert.Empty(result.Alternatives);
    }

    [Fact]
    public async Task The_nearest_free_slots_are_offered_nearest_first_the_earlier_of_two_equally_near()
    {
        // Monday 09:00-17:00 UTC, busy 14:00-15:00: the requested 14:00-15:00 is taken; 13:30 and 14:30 overlap the booking.
        _fixture.Interviewers.Add(Interviewer("a"));
        _fixture.Reservations.Add(Confirmed("a", Slot.Start, Duration.FromHours(1)));

        var result = await _fixture.MatchBothWaysAsync(Request());

        Assert.Empty(result.Matches);
        Assert.Equal([Utc(12, 13), Utc(12, 15), Utc(12, 12, 30)], Starts(result));
        Assert.All(result.Alternatives, a => Assert.Equal(Slot.Duration, a.Slot.Duration));
        var first = result.Alternatives[0];
        Assert.Equal("a", first.Interviewer.Id.Value);
        Assert.Equal("Monday, 12/01/2026 13:00-14:00", first.SlotText);
        Assert.Equal(25, first.Score.Availability); // one of six that day
        Assert.Equal(new InterviewerMatch(first.Interviewer, first.Score, first.Slot), first.ToMatch());
    }

    [Fact]
    public async Task Someone_outside_the_token_lists_who_ties_the_pool_at_the_bound_still_enters_it_by_id()
    {
        // Ten list Java and score 10 + 40 for experience and skills; five do not and score 30 + 20: the same 50, which is exactly the
        // most anyone outside the Java list could score. The pool of ten is decided by id, so a0..a4 enter it and a0 offers every slot.
        AvailabilityOverride[] off = [AvailabilityOverride.DayOff(new LocalDate(2026, 1, 12))];
        for (var i = 0; i < 10; i++)
        {
            _fixture.Interviewers.Add(Interviewer($"j{i}", skills: ["Java"], years: 8) with { AvailabilityOverrides = off });
        }

        for (var i = 0; i < 5; i++)
        {
            _fixture.Interviewers.Add(Interviewer($"a{i}", skills: ["Go"], years: 20) with { AvailabilityOverrides = off });
        }

        var result = await _fixture.MatchBothWaysAsync(Request(skills: ["Java"], years: 10));

        Assert.Empty(result.Matches);
        Assert.NotEmpty(result.Alternatives);
        Assert.All(result.Alternatives, a => Assert.Equal("a0", a.Interviewer.Id.Value));
        Assert.All(result.Alternatives, a => Assert.Equal(50, a.Score.Experience + a.Score.Skills));
    }

    [Fact]
    public async Task Alternatives_are_rendered_in_the_candidates_zone()
    {
        _fixture.Interviewers.Add(Interviewer("a"));
        _fixture.Reservations.Add(Confirmed("a", Slot.Start, Duration.FromHours(1)));

        var result = await _fixture.MatchBothWaysAsync(Request() with { CandidateTimeZone = Kolkata });

        Assert.Equal("Monday, 12/01/2026 18:30-19:30", result.Alternatives[0].SlotText);
    }

    [Fact]
    public async Task How_many_follows_the_option_and_zero_offers_none()
    {
        _fixture.Interviewers.Add(Interviewer("a"));
        _fixture.Reservations.Add(Confirmed("a", Slot.Start, Duration.FromHours(1)));

        _fixture.Options.MaxAlternatives = 5;
        Assert.Equal(5, (await _fixture.MatchBothWaysAsync(Request())).Alternatives.Count);

        _fixture.Options.MaxAlternatives = 0;
        Assert.Empty((await _fixture.MatchBothWaysAsync(Request())).Alternatives);
    }

    [Fact]
    public async Task Starts_step_from_each_window_start()
    {
        _fixture.Options.AlternativeSlotStep = Duration.FromMinutes(20);
        _fixture.Interviewers.Add(Interviewer("a", windows: [Window(IsoDayOfWeek.Monday, 9, 10, 17, 0)]));
        _fixture.Reservations.Add(Confirmed("a", Slot.Start, Duration.FromHours(1)));

        var result = await _fixture.MatchBothWaysAsync(Request());

        // 09:10 + k * 20 minutes: ..., 12:30, 12:50 | 13:10 ... 14:50 overlap 14:00-15:00 | 15:10, 15:30, ...
        Assert.Equal([Utc(12, 12, 50), Utc(12, 15, 10), Utc(12, 12, 30)], Starts(result));
    }

    [Fact]
    public async Task For_one_start_the_best_ranked_interviewer_is_offered()
    {
        _fixture.Options.MaxAlternatives = 1;
        _fixture.Interviewers.Add(Interviewer("junior", years: 2));
        _fixture.Interviewers.Add(Interviewer("senior", years: 12));
        _fixture.Reservations.Add(Confirmed("junior", Slot.Start, Duration.FromHours(1)));
        _fixture.Reservations.Add(Confirmed("senior", Slot.Start, Duration.FromHours(1)));

        var alternative = Assert.Single((await _fixture.MatchBothWaysAsync(Request(years: 5))).Alternatives);

        Assert.Equal(Utc(12, 13), alternative.Slot.Start);
        Assert.Equal("senior", alternative.Interviewer.Id.Value);
    }

    [Fact]
    public async Task Alternatives_look_across_days_and_zones()
    {
        // Only Tuesday 09:00-10:00 in Tokyo, which is Tuesday 00:00-01:00 UTC: the day after the requested Monday 14:00 UTC.
        _fixture.Interviewers.Add(Interviewer("tokyo", zone: Tokyo, windows: [Window(IsoDayOfWeek.Tuesday, 9, 0, 10, 0)]));

        var result = await _fixture.MatchBothWaysAsync(Request());

        // 09:00-10:00 JST on Tuesday 13 January; next Tuesday's starts after the search range (the request + 7 days).
        Assert.Empty(result.Matches);
        Assert.Equal([Utc(13, 0)], Starts(result));
    }

    [Fact]
    public async Task A_full_day_moves_alternatives_to_another_day()
    {
        _fixture.Interviewers.Add(Interviewer("a", windows: [MondayNineToFive, Window(IsoDayOfWeek.Tuesday, 9, 0, 10, 0)], maxPerDay: 1));
        _fixture.Reservations.Add(Confirmed("a", Utc(12, 9), Duration.FromHours(1)));

        var result = await _fixture.MatchBothWaysAsync(Request());

        Assert.Equal(Utc(13, 9), result.Alternatives[0].Slot.Start);
        Assert.DoesNotContain(result.Alternatives, a => a.Slot.Start.InUtc().Day == 12);
    }

    [Fact]
    public async Task Alternatives_keep_the_gate_the_exclusions_and_the_minimum()
    {
        _fixture.Interviewers.Add(Interviewer("frontend", categories: ["Frontend"]));
        _fixture.Interviewers.Add(Interviewer("excluded"));
        _fixture.Interviewers.Add(Interviewer("weak", years: 0, windows: [Window(IsoDayOfWeek.Monday, 9, 0, 12, 0)]));
        _fixture.Options.MinimumMatchScore = 80;
        _fixture.Reservations.Add(Confirmed("excluded", Slot.Start, Duration.FromHours(1)));

        var result = await _fixture.MatchBothWaysAsync(Request(excluded: [new InterviewerId("excluded")]));

        Assert.Empty(result.Matches);
        Assert.Empty(result.Alternatives); // frontend fails the gate, excluded is excluded, weak scores 0 + 40 + 30 < 80
    }

    [Fact]
    public async Task Alternatives_start_no_earlier_than_the_notice_allows()
    {
        _fixture.Clock.Reset(Utc(12, 12, 10));
        _fixture.Interviewers.Add(Interviewer("a") with { MinimumNotice = Duration.FromMinutes(60) });
        _fixture.Reservations.Add(Confirmed("a", Slot.Start, Duration.FromHours(1)));

        var result = await _fixture.MatchBothWaysAsync(Request());

        // 13:00 is only 50 minutes away; 15:00, 15:30 and 16:00 remain on Monday.
        Assert.Equal([Utc(12, 15), Utc(12, 15, 30), Utc(12, 16)], Starts(result));
    }

    [Fact]
    public async Task A_directory_with_nobody_gives_neither_matches_nor_alternatives_and_asks_no_store()
    {
        var result = await _fixture.CreateMatcher().MatchAsync(Request(), 5);

        Assert.Same(MatchResult.Empty, result);
        Assert.Empty(_fixture.Store.ReceivedCalls());
    }

    /// <summary>
    /// Seeded random interviewers, buffers and bookings: every alternative (and every match) is checked independently of the
    /// matcher: inside a weekly window on the interviewer's wall clock, clear of every active reservation by both buffers,
    /// not before the notice; alternatives are distinct, as long as the request, and ordered by distance.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Alternatives_never_overlap_busy_time_and_always_fit_the_rules(int seed)
    {
        var random = new Random(seed);
        var zones = new[] { DateTimeZone.Utc, NewYork, Tokyo, Kolkata, DateTimeZoneProviders.Tzdb["Europe/London"] };
        for (var i = 0; i < 12; i++)
        {
            var windows = Enumerable.Range(1, 7).Where(_ => random.Next(3) > 0)
                .Select(d => Window((IsoDayOfWeek)d, 6 + random.Next(6), 30 * random.Next(2), 14 + random.Next(8), 0)).ToArray();
            _fixture.Interviewers.Add(Interviewer($"iv{i:D2}", zone: zones[random.Next(zones.Length)], windows: windows, years: random.Next(15), maxPerDay: 2 + random.Next(4)) with
            {
                BufferBefore = Duration.FromMinutes(5 * random.Next(4)),
                BufferAfter = Duration.FromMinutes(5 * random.Next(4)),
                MinimumNotice = Duration.FromHours(random.Next(30)),
            });
            for (var n = 0; n < 25; n++)
            {
                var start = Now + Duration.FromMinutes(15 * random.Next(4 * 24 * 10));
                _fixture.Reservations.Add(Confirmed($"iv{i:D2}", start, Duration.FromMinutes(30 * (1 + random.Next(3)))) with
                {
                    Status = random.Next(4) == 0 ? ReservationStatus.Held : ReservationStatus.Confirmed,
                    HeldUntil = Now + Duration.FromMinutes(random.Next(120) - 30),
                });
            }
        }

        for (var r = 0; r < 25; r++)
        {
            var slot = SlotAt(Now + Duration.FromMinutes(30 * random.Next(2 * 24 * 6)), 30 * (1 + random.Next(3)));
            var result = await _fixture.MatchBothWaysAsync(Request(slot: slot), maxResults: 3);

            foreach (var match in result.Matches)
            {
                AssertFree(match.Interviewer, match.Slot);
            }

            var starts = Starts(result);
            Assert.Equal(starts.Distinct(), starts);
            Assert.Equal(starts.OrderBy(s => Distance(s, slot.Start)).ThenBy(s => s), starts);
            foreach (var alternative in result.Alternatives)
            {
                Assert.Equal(slot.Duration, alternative.Slot.Duration);
                AssertFree(alternative.Interviewer, alternative.Slot);
                Assert.Equal(SlotText.Format(alternative.Slot, DateTimeZone.Utc), alternative.SlotText);
            }
        }
    }

    private static Duration Distance(Instant a, Instant b) => a > b ? a - b : b - a;

    private void AssertFree(InterviewerProfile interviewer, Interval slot)
    {
        var now = _fixture.Clock.GetCurrentInstant();
        Assert.True(slot.Start >= now + interviewer.MinimumNotice, $"{interviewer.Id} {slot}: before the notice");
        var gap = interviewer.BufferBefore + interviewer.BufferAfter;
        foreach (var reservation in _fixture.Reservations.Where(r => r.InterviewerId == interviewer.Id && r.IsActiveAt(now)))
        {
            Assert.False(
                reservation.Slot.Start < slot.End + gap && slot.Start < reservation.Slot.End + gap,
                $"{interviewer.Id} {slot} is within {gap} of the booking {reservation.Slot}");
        }

        // These zones keep one offset in January, so the wall-clock rule is plain local arithmetic here.
        var start = slot.Start.InZone(interviewer.TimeZone).LocalDateTime;
        var end = slot.End.InZone(interviewer.TimeZone).LocalDateTime;
        Assert.Contains(interviewer.WeeklyAvailability, w =>
            w.Day == start.DayOfWeek && start.TimeOfDay >= w.Start
            && (end.Date == start.Date ? w.End == LocalTime.Midnight || end.TimeOfDay <= w.End : w.End == LocalTime.Midnight && end.TimeOfDay == LocalTime.Midnight && end.Date == start.Date.PlusDays(1)));
    }
}
