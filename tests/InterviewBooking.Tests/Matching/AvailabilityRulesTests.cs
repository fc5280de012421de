using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>
/// The interviewer's rules, each checked through a plain directory and through the index (<see cref="MatcherFixture.MatchBothWaysAsync"/>):
/// windows in each zone and on DST days, dated overrides, buffers, notice, horizon and the daily cap.
/// </summary>
public sealed class AvailabilityRulesTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    private readonly MatcherFixture _fixture = new();

    private async Task<bool> FreeAsync(InterviewerProfile interviewer, Interval slot)
    {
        _fixture.Interviewers.Clear();
        _fixture.Interviewers.Add(interviewer);
        _fixture.Options.MaxAlternatives = 0;
        var result = await _fixture.MatchBothWaysAsync(Request(slot: slot));
        return result.Matches.Count == 1;
    }

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    // ---- zones ----

    [Theory]
    [InlineData("America/New_York", 14, 0, true)]   // 09:00 EST
    [InlineData("America/New_York", 13, 30, false)] // 08:30 EST
    [InlineData("Europe/London", 9, 0, true)]       // 09:00 GMT
    [InlineData("Europe/London", 16, 30, false)]    // 16:30-17:30 GMT runs past 17:00
    [InlineData("Asia/Kolkata", 3, 30, true)]       // 09:00 IST (+05:30)
    [InlineData("Asia/Kolkata", 3, 0, false)]       // 08:30 IST
    [InlineData("Asia/Kolkata", 10, 30, true)]      // 16:00-17:00 IST
    [InlineData("Asia/Kolkata", 11, 0, false)]      // 16:30-17:30 IST
    [InlineData("Asia/Tokyo", 0, 0, true)]          // 09:00 JST
    [InlineData("Asia/Tokyo", 8, 30, false)]        // 17:30 JST
    public async Task A_nine_to_five_window_reads_the_interviewers_own_clock(string zone, int utcHour, int utcMinute, bool free)
    {
        var interviewer = Interviewer("a", zone: DateTimeZoneProviders.Tzdb[zone], windows: [MondayNineToFive]);

        Assert.Equal(free, await FreeAsync(interviewer, SlotAt(Utc(1, 12, utcHour, utcMinute))));
    }

    // ---- DST: America/New_York springs forward on Sunday 8 March 2026 at 02:00 EST (07:00Z) to 03:00 EDT ----

    [Theory]
    [InlineData(1, 0, 4, 0, 6, 30, true)]   // 01:30 EST-03:30 EDT is one real hour, read inside 01:00-04:00
    [InlineData(1, 0, 3, 0, 6, 30, false)]  // ...but reads 03:30 at its end, past 03:00
    [InlineData(1, 0, 3, 0, 6, 0, true)]    // 01:00-02:00 EST ends at the gap, inside 01:00-03:00
    [InlineData(2, 30, 4, 0, 7, 0, true)]   // a window starting in the gap takes effect where the gap ends: 03:00-04:00 EDT fits
    [InlineData(2, 30, 4, 0, 6, 30, false)] // 01:30 EST reads before 02:30
    [InlineData(2, 0, 3, 0, 7, 0, false)]   // a window entirely in the gap holds nothing (03:00 EDT is after it)
    public async Task New_York_spring_forward(int fromHour, int fromMinute, int toHour, int toMinute, int utcHour, int utcMinute, bool free)
    {
        var interviewer = Interviewer("a", zone: NewYork, windows: [Window(IsoDayOfWeek.Sunday, fromHour, fromMinute, toHour, toMinute)]);

        Assert.Equal(free, await FreeAsync(interviewer, SlotAt(Utc(3, 8, utcHour, utcMinute), toHour == 3 && fromHour == 2 ? 30 : 60)));
    }

    // ---- DST: America/New_York falls back on Sunday 1 November 2026 at 02:00 EDT (06:00Z) to 01:00 EST ----

    [Theory]
    [InlineData(1, 0, 2, 0, 5, 30, true)]   // 01:30 EDT-01:30 EST reads 01:30-02:00 then 01:00-01:30: inside 01:00-02:00
    [InlineData(1, 0, 1, 45, 5, 30, false)] // ...not inside 01:00-01:45 (it reads up to 02:00)
    [InlineData(1, 30, 3, 0, 5, 30, false)] // ...nor 01:30-03:00 (its second half reads 01:00-01:30)
    [InlineData(0, 0, 4, 0, 5, 30, true)]
    [InlineData(0, 0, 1, 30, 5, 0, false)]  // 01:00-02:00 EDT reads past 01:30
    [InlineData(1, 0, 2, 0, 6, 0, true)]    // 01:00-02:00 EST, the repeated hour's second pass
    public async Task New_York_fall_back(int fromHour, int fromMinute, int toHour, int toMinute, int utcHour, int utcMinute, bool free)
    {
        var interviewer = Interviewer("a", zone: NewYork, windows: [Window(IsoDayOfWeek.Sunday, fromHour, fromMinute, toHour, toMinute)]);

        Assert.Equal(free, await FreeAsync(interviewer, SlotAt(Utc(11, 1, utcHour, utcMinute))));
    }

    // ---- DST: Europe/London springs forward on Sunday 29 March 2026 at 01:00 GMT (01:00Z) and falls back on Sunday 25 October at 02:00 BST (01:00Z) ----

    [Theory]
    [InlineData(3, 29, 0, 30, 3, 0, 0, 30, 60, true)]   // 00:30 GMT-02:30 BST: one real hour inside 00:30-03:00
    [InlineData(3, 29, 1, 0, 2, 0, 1, 0, 30, false)]    // 01:00-02:00 lies in the gap: 02:00 BST is after it
    [InlineData(3, 29, 1, 0, 2, 0, 0, 30, 30, false)]   // 00:30 GMT is before it
    [InlineData(10, 25, 1, 0, 2, 0, 0, 0, 60, true)]    // 01:00-02:00 BST
    [InlineData(10, 25, 1, 0, 2, 0, 1, 0, 60, true)]    // 01:00-02:00 GMT
    [InlineData(10, 25, 1, 0, 2, 0, 0, 30, 60, true)]   // 01:30 BST-01:30 GMT
    [InlineData(10, 25, 1, 0, 1, 30, 0, 30, 60, false)] // reads 01:30-02:00 BST first
    public async Task London_transitions(int month, int day, int fromHour, int fromMinute, int toHour, int toMinute, int utcHour, int utcMinute, int minutes, bool free)
    {
        var interviewer = Interviewer("a", zone: London, windows: [Window(IsoDayOfWeek.Sunday, fromHour, fromMinute, toHour, toMinute)]);

        Assert.Equal(free, await FreeAsync(interviewer, SlotAt(Utc(month, day, utcHour, utcMinute), minutes)));
    }

    [Fact]
    public async Task The_daily_cap_counts_the_23_hour_local_day_of_a_spring_forward()
    {
        // Sunday 8 March in New York runs from 05:00Z to 04:00Z on 9 March.
        var interviewer = Interviewer("a", zone: NewYork, windows: [Window(IsoDayOfWeek.Sunday, 0, 0, 24, 0)], maxPerDay: 1);
        var slot = SlotAt(Utc(3, 8, 14));
        _fixture.Reservations.Add(Confirmed("a", Utc(3, 8, 4, 30), Duration.FromMinutes(30)));  // 23:30 EST Saturday
        _fixture.Reservations.Add(Confirmed("a", Utc(3, 9, 4, 30), Duration.FromMinutes(30)));  // 00:30 EDT Monday
        Assert.True(await FreeAsync(interviewer, slot));

        _fixture.Reservations.Add(Confirmed("a", Utc(3, 9, 3, 30), Duration.FromMinutes(30)));  // 23:30 EDT Sunday
        Assert.False(await FreeAsync(interviewer, slot));
    }

    // ---- dated overrides ----

    [Fact]
    public async Task A_day_off_refuses_that_local_date_only()
    {
        var interviewer = Interviewer("a", zone: NewYork) with { AvailabilityOverrides = [AvailabilityOverride.DayOff(new LocalDate(2026, 1, 12))] };

        Assert.False(await FreeAsync(interviewer, Slot));
        Assert.True(await FreeAsync(interviewer, new Interval(Slot.Start + Duration.FromDays(7), Slot.End + Duration.FromDays(7))));
    }

    [Fact]
    public async Task A_day_off_is_the_interviewers_local_date()
    {
        // 03:00-04:00 UTC on Tuesday 13 January is 22:00-23:00 on Monday 12 January in New York.
        var interviewer = Interviewer("a", zone: NewYork, windows: [Window(IsoDayOfWeek.Monday, 20, 0, 24, 0)]);
        var slot = SlotAt(Utc(1, 13, 3));
        Assert.True(await FreeAsync(interviewer, slot));

        Assert.True(await FreeAsync(interviewer with { AvailabilityOverrides = [AvailabilityOverride.DayOff(new LocalDate(2026, 1, 13))] }, slot));
        Assert.False(await FreeAsync(interviewer with { AvailabilityOverrides = [AvailabilityOverride.DayOff(new LocalDate(2026, 1, 12))] }, slot));
    }

    [Theory]
    [InlineData(10, 30, false)] // inside the blocked 11:00-12:00
    [InlineData(11, 30, false)]
    [InlineData(10, 0, true)]   // ends as the block starts
    [InlineData(12, 0, true)]   // starts as the block ends
    public async Task A_blocked_range_refuses_slots_that_meet_it(int hour, int minute, bool free)
    {
        var interviewer = Interviewer("a") with { AvailabilityOverrides = [AvailabilityOverride.Blocked(new LocalDate(2026, 1, 12), new LocalTime(11, 0), new LocalTime(12, 0))] };

        Assert.Equal(free, await FreeAsync(interviewer, SlotAt(Utc(1, 12, hour, minute))));
    }

    [Fact]
    public async Task An_extra_window_adds_time_on_its_date_but_never_on_a_day_off()
    {
        var tuesday = new LocalDate(2026, 1, 13);
        var slot = SlotAt(Utc(1, 13, 19)); // Tuesday 19:00 UTC: no weekly window (Monday 09:00-17:00 only)
        var extra = AvailabilityOverride.ExtraWindow(tuesday, new LocalTime(18, 0), new LocalTime(21, 0));
        Assert.False(await FreeAsync(Interviewer("a"), slot));

        Assert.True(await FreeAsync(Interviewer("a") with { AvailabilityOverrides = [extra] }, slot));
        Assert.False(await FreeAsync(Interviewer("a") with { AvailabilityOverrides = [extra, AvailabilityOverride.DayOff(tuesday)] }, slot));
        Assert.False(await FreeAsync(Interviewer("a") with { AvailabilityOverrides = [AvailabilityOverride.ExtraWindow(tuesday.PlusDays(7), new LocalTime(18, 0), new LocalTime(21, 0))] }, slot));
    }

    [Fact]
    public async Task A_blocked_range_cuts_an_extra_window_too()
    {
        var tuesday = new LocalDate(2026, 1, 13);
        var interviewer = Interviewer("a") with
        {
            AvailabilityOverrides =
            [
                AvailabilityOverride.ExtraWindow(tuesday, new LocalTime(18, 0), new LocalTime(21, 0)),
                AvailabilityOverride.Blocked(tuesday, new LocalTime(19, 0), new LocalTime(19, 30)),
            ],
        };

        Assert.False(await FreeAsync(interviewer, SlotAt(Utc(1, 13, 19))));
        Assert.True(await FreeAsync(interviewer, SlotAt(Utc(1, 13, 19, 30))));
    }

    [Fact]
    public void Override_ranges_must_end_after_they_start()
    {
        var date = new LocalDate(2026, 1, 13);
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityOverride.Blocked(date, new LocalTime(12, 0), new LocalTime(11, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityOverride.ExtraWindow(date, new LocalTime(12, 0), new LocalTime(12, 0)));
        Assert.Equal(LocalTime.Midnight, AvailabilityOverride.ExtraWindow(date, new LocalTime(20, 0), LocalTime.Midnight).End);
    }

    // ---- buffers ----

    [Theory]
    [InlineData(12, 0, false)]  // right after the 11:00-12:00 interview: needs 10 + 15 minutes
    [InlineData(12, 20, false)]
    [InlineData(12, 25, true)]  // 25 minutes after
    [InlineData(9, 35, true)]   // ends 25 minutes before
    [InlineData(9, 40, false)]
    public async Task Interviews_sit_at_least_both_buffers_apart(int hour, int minute, bool free)
    {
        var interviewer = Interviewer("a", windows: [Window(IsoDayOfWeek.Monday, 8, 0, 18, 0)]) with
        {
            BufferBefore = Duration.FromMinutes(15),
            BufferAfter = Duration.FromMinutes(10),
        };
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 11), Duration.FromHours(1)));

        Assert.Equal(free, await FreeAsync(interviewer, SlotAt(Utc(1, 12, hour, minute))));
    }

    [Fact]
    public async Task Without_buffers_touching_interviews_are_fine()
    {
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 15), Duration.FromHours(1)));

        Assert.True(await FreeAsync(Interviewer("a"), SlotAt(Utc(1, 12, 14))));
    }

    [Fact]
    public async Task A_hold_blocks_with_buffers_until_it_runs_out()
    {
        var interviewer = Interviewer("a") with { BufferAfter = Duration.FromMinutes(30) };
        _fixture.Reservations.Add(Confirmed("a", Utc(1, 12, 13, 45), Duration.FromMinutes(10)) with
        {
            Status = ReservationStatus.Held,
            HeldUntil = Now + Duration.FromMinutes(15),
        });
        Assert.False(await FreeAsync(interviewer, Slot)); // the hold ends 13:55, 5 minutes before 14:00; 30 are needed

        _fixture.Clock.Advance(Duration.FromMinutes(15));
        Assert.True(await FreeAsync(interviewer, Slot));
    }

    // ---- notice and horizon (now is Saturday 10 January 12:00 UTC; the slot starts 50 hours later) ----

    [Theory]
    [InlineData(49, true)]
    [InlineData(50, true)] // exactly the notice
    [InlineData(51, false)]
    public async Task A_slot_needs_the_minimum_notice(int hours, bool free) =>
        Assert.Equal(free, await FreeAsync(Interviewer("a") with { MinimumNotice = Duration.FromHours(hours) }, Slot));

    [Theory]
    [InlineData(49, false)]
    [InlineData(50, true)] // exactly the horizon
    [InlineData(24 * 30, true)]
    public async Task A_slot_must_start_within_the_booking_horizon(int hours, bool free) =>
        Assert.Equal(free, await FreeAsync(Interviewer("a") with { BookingHorizon = Duration.FromHours(hours) }, Slot));

    [Fact]
    public async Task A_slot_in_the_past_is_never_free()
    {
        _fixture.Clock.Reset(Slot.Start + Duration.FromMinutes(1));

        Assert.False(await FreeAsync(Interviewer("a"), Slot));
    }

    // ---- the profile's rules are checked when it is indexed ----

    [Fact]
    public void An_index_refuses_a_profile_with_a_negative_buffer_notice_or_horizon_and_changes_nothing()
    {
        var index = new InterviewerIndex();
        foreach (var bad in new[]
        {
            Interviewer("x") with { BufferBefore = Duration.FromMinutes(-1) },
            Interviewer("x") with { BufferAfter = Duration.FromMinutes(-1) },
            Interviewer("x") with { MinimumNotice = Duration.FromMinutes(-1) },
            Interviewer("x") with { BookingHorizon = Duration.Zero },
            Interviewer("x") with { TimeZone = null! },
        })
        {
            var error = Assert.Throws<ArgumentException>(() => index.AddOrUpdateRange([Interviewer("ok"), bad]));
            Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, index.Count);
    }

    [Theory]
    [InlineData("Name", "Ada\r\nBcc: victim@example.org")]
    [InlineData("Name", "Ada\0")]
    [InlineData("Email", "ada{lone surrogate}@example.com")] // built below: xUnit would replace a lone surrogate in theory data
    [InlineData("Company", "Engines\u2028Ltd")]
    public void An_index_refuses_a_profile_whose_text_a_session_or_mail_header_cannot_carry(string field, string value)
    {
        var index = new InterviewerIndex();
        value = value.Replace("{lone surrogate}", "\uD800", StringComparison.Ordinal);
        var bad = field switch
        {
            "Name" => Interviewer("x") with { Name = value },
            "Email" => Interviewer("x") with { Email = value },
            _ => Interviewer("x") with { Company = value },
        };

        var error = Assert.Throws<ArgumentException>(() => index.AddOrUpdateRange([Interviewer("ok"), bad]));

        Assert.Contains($"'x': {field} contains", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, index.Count);
    }
}
