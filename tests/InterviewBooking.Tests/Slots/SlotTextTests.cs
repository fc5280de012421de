namespace InterviewBooking.Tests.Slots;

public sealed class SlotTextTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];
    private static readonly DateTimeZone Tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];

    private static Interval Utc(int year, int month, int day, int hour, int minute, int minutes) =>
        new(Instant.FromUtc(year, month, day, hour, minute), Instant.FromUtc(year, month, day, hour, minute) + Duration.FromMinutes(minutes));

    // ---- formatting ----

    [Fact]
    public void Formats_weekday_day_month_year_and_times()
    {
        Assert.Equal("Monday, 06/10/2025 09:00-09:30", SlotText.Format(Utc(2025, 10, 6, 9, 0, 30), DateTimeZone.Utc));
    }

    [Fact]
    public void Formats_in_the_given_zone()
    {
        // 07:00 UTC is 09:00 in Paris (CEST) and 16:00 in Tokyo on 6 October 2025.
        var slot = Utc(2025, 10, 6, 7, 0, 30);

        Assert.Equal("Monday, 06/10/2025 09:00-09:30", SlotText.Format(slot, Paris));
        Assert.Equal("Monday, 06/10/2025 16:00-16:30", SlotText.Format(slot, Tokyo));
        Assert.Equal("Monday, 06/10/2025 03:00-03:30", SlotText.Format(slot, NewYork));
    }

    [Fact]
    public void The_zone_can_move_the_date_and_weekday()
    {
        // 02:00 UTC Monday is 22:00 Sunday in New York (EDT).
        Assert.Equal("Sunday, 05/10/2025 22:00-23:00", SlotText.Format(Utc(2025, 10, 6, 2, 0, 60), NewYork));
        Assert.Equal(new LocalDate(2025, 10, 5), SlotText.LocalDateOf(Utc(2025, 10, 6, 2, 0, 60), NewYork));
    }

    [Fact]
    public void Renders_the_half_hour_offset_of_Kolkata()
    {
        // India is UTC+05:30: 03:30 UTC is 09:00, 04:15 UTC is 09:45.
        Assert.Equal("Monday, 06/10/2025 09:00-09:45", SlotText.Format(Utc(2025, 10, 6, 3, 30, 45), Kolkata));
        var parsed = SlotText.Parse("Monday, 06/10/2025 09:00-09:45", Kolkata);
        Assert.Equal(Utc(2025, 10, 6, 3, 30, 45), parsed.Value);
    }

    [Fact]
    public void A_slot_over_midnight_renders_the_start_date()
    {
        var slot = new Interval(Instant.FromUtc(2025, 10, 6, 23, 30), Instant.FromUtc(2025, 10, 7, 0, 30));

        Assert.Equal("Monday, 06/10/2025 23:30-00:30", SlotText.Format(slot, DateTimeZone.Utc));
    }

    [Fact]
    public void Formatting_an_open_slot_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SlotText.Format(new Interval(null, Instant.FromUtc(2025, 10, 6, 9, 0)), DateTimeZone.Utc));
        Assert.Throws<ArgumentException>(() => SlotText.Format(new Interval(Instant.FromUtc(2025, 10, 6, 9, 0), null), DateTimeZone.Utc));
    }

    // ---- parsing ----

    [Fact]
    public void Parses_the_seed_example()
    {
        var result = SlotText.Parse("Monday, 06/10/2025 09:00-09:30", DateTimeZone.Utc);

        Assert.True(result.Success);
        Assert.Equal(Utc(2025, 10, 6, 9, 0, 30), result.Value);
    }

    [Fact]
    public void Parses_in_the_given_zone_and_ignores_weekday_case()
    {
        var result = SlotText.Parse("monday, 06/10/2025 09:00-09:30", Paris);

        Assert.Equal(Utc(2025, 10, 6, 7, 0, 30), result.Value);
    }

    public static TheoryData<string, int, int, int, int, int, int> RoundTrips => new()
    {
        { "UTC", 2025, 10, 6, 9, 0, 30 },
        { "Europe/Paris", 2025, 10, 6, 7, 0, 60 },
        { "America/New_York", 2026, 1, 12, 14, 0, 45 },
        { "America/New_York", 2026, 3, 8, 7, 0, 60 },     // 03:00-04:00 EDT, the morning of the gap
        { "Asia/Kolkata", 2025, 12, 31, 18, 0, 90 },      // 23:30-01:00 across the new year
        { "Asia/Tokyo", 2026, 2, 28, 14, 30, 30 },        // 23:30-00:00
        { "Europe/London", 2026, 3, 29, 0, 30, 60 },      // 00:30 GMT - 02:30 BST
        { "Australia/Lord_Howe", 2026, 4, 4, 10, 0, 60 }, // half-hour DST zone
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Parse_of_Format_gives_the_slot_back(string zoneId, int year, int month, int day, int hour, int minute, int minutes)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var slot = Utc(year, month, day, hour, minute, minutes);

        var result = SlotText.Parse(SlotText.Format(slot, zone), zone);

        Assert.True(result.Success, result.Success ? null : result.Exception.Message);
        Assert.Equal(slot, result.Value);
    }

    [Fact]
    public void A_weekday_that_does_not_match_the_date_is_named_with_the_right_one()
    {
        var result = SlotText.Parse("Tuesday, 06/10/2025 09:00-09:30", DateTimeZone.Utc);

        Assert.False(result.Success);
        var error = Assert.IsType<SlotTextFormatException>(result.Exception);
        Assert.Contains("Tuesday", error.Message, StringComparison.Ordinal);
        Assert.Contains("Monday", error.Message, StringComparison.Ordinal);
        Assert.Contains("06/10/2025", error.Message, StringComparison.Ordinal);
        Assert.Equal("Tuesday, 06/10/2025 09:00-09:30", error.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Monday 06/10/2025 09:00-09:30")]             // no comma
    [InlineData("Monday, 06/10/2025")]                         // no times
    [InlineData("Monday, 06/10/2025 09:00-09:30 UTC")]         // extra part
    [InlineData("Funday, 06/10/2025 09:00-09:30")]             // no such weekday
    [InlineData("1, 06/10/2025 09:00-09:30")]                  // a number is not a weekday
    [InlineData("None, 06/10/2025 09:00-09:30")]
    [InlineData(", 06/10/2025 09:00-09:30")]
    [InlineData("Monday, 2025-10-06 09:00-09:30")]             // ISO date
    [InlineData("Monday, 10/06/2025 09:00-09:30")]             // month/day: 10 June 2025 is a Tuesday, and this names Monday
    [InlineData("Monday, 31/02/2025 09:00-09:30")]             // no such date
    [InlineData("Monday, 06/10/2025 9am-10am")]
    [InlineData("Monday, 06/10/2025 09:00")]
    [InlineData("Monday, 06/10/2025 09:00-")]
    [InlineData("Monday, 06/10/2025 09:00-09:30-10:00")]
    [InlineData("Monday, 06/10/2025 25:00-26:00")]
    [InlineData("Monday, 06/10/2025 09:60-10:00")]
    [InlineData("Monday, Tuesday, 06/10/2025 09:00-09:30")]
    public void Malformed_text_fails_with_a_slot_text_format_exception(string? text)
    {
        var result = SlotText.Parse(text, DateTimeZone.Utc);

        Assert.False(result.Success);
        var error = Assert.IsType<SlotTextFormatException>(result.Exception);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
        Assert.Contains(error.Problem!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  Monday, 06/10/2025 09:00-09:30  ")]
    [InlineData("MONDAY,06/10/2025   09:00-09:30")]
    public void Extra_spaces_and_weekday_case_are_tolerated(string text)
    {
        Assert.Equal(Utc(2025, 10, 6, 9, 0, 30), SlotText.Parse(text, DateTimeZone.Utc).Value);
    }

    [Fact]
    public void An_end_before_the_start_is_on_the_next_day()
    {
        var result = SlotText.Parse("Monday, 06/10/2025 23:30-00:30", DateTimeZone.Utc);

        Assert.Equal(new Interval(Instant.FromUtc(2025, 10, 6, 23, 30), Instant.FromUtc(2025, 10, 7, 0, 30)), result.Value);
    }

    [Fact]
    public void An_end_equal_to_the_start_is_a_whole_day_later()
    {
        var result = SlotText.Parse("Monday, 06/10/2025 09:00-09:00", DateTimeZone.Utc);

        Assert.Equal(Duration.FromDays(1), result.Value.Duration);
    }

    // ---- daylight saving ----

    private static readonly DateTimeZone LordHowe = DateTimeZoneProviders.Tzdb["Australia/Lord_Howe"];
    private static readonly DateTimeZone Kathmandu = DateTimeZoneProviders.Tzdb["Asia/Kathmandu"];

    [Theory]
    [InlineData("Sunday, 08/03/2026 02:30-04:00", "start", "02:30 on 08/03/2026")] // the start is in the gap
    [InlineData("Sunday, 08/03/2026 01:30-02:15", "end", "02:15 on 08/03/2026")]   // the end is in the gap
    [InlineData("Sunday, 08/03/2026 02:15-02:45", "start", "02:15 on 08/03/2026")] // wholly in the gap
    public void A_local_time_the_spring_gap_skips_is_refused_naming_the_transition(string text, string which, string local)
    {
        // New York, Sunday 8 March 2026: at 07:00 UTC the clocks go from 02:00 EST to 03:00 EDT.
        var result = SlotText.Parse(text, NewYork);

        Assert.False(result.Success);
        var error = Assert.IsType<SlotTextFormatException>(result.Exception);
        var transition = Assert.IsType<SlotTextTransition>(error.Transition);
        Assert.True(transition.IsGap);
        Assert.Equal("America/New_York", transition.ZoneId);
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 7, 0), transition.At);
        Assert.Equal(Offset.FromHours(-5), transition.OffsetBefore);
        Assert.Equal(Offset.FromHours(-4), transition.OffsetAfter);
        Assert.Contains($"the {which} {local} does not exist in America/New_York", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-03-08T07:00:00Z", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_autumn_time_without_an_offset_is_refused_naming_the_transition()
    {
        // New York, Sunday 1 November 2026: at 06:00 UTC the clocks go back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
        var result = SlotText.Parse("Sunday, 01/11/2026 01:30-02:00", NewYork);

        var error = Assert.IsType<SlotTextFormatException>(result.Exception);
        var transition = Assert.IsType<SlotTextTransition>(error.Transition);
        Assert.False(transition.IsGap);
        Assert.Equal(new LocalDateTime(2026, 11, 1, 1, 30), transition.LocalTime);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 6, 0), transition.At);
        Assert.Contains("occurs twice in America/New_York", error.Message, StringComparison.Ordinal);
        Assert.Contains("(UTC-04:00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reading_of_the_repeated_hour_carries_its_offset_and_reads_back_as_itself()
    {
        // The slot: 06:00Z-06:30Z is 01:00-01:30 EST, the second pass through the hour.
        var second = Utc(2026, 11, 1, 6, 0, 30);
        var first = Utc(2026, 11, 1, 5, 0, 30);
        var across = new Interval(Instant.FromUtc(2026, 11, 1, 5, 30), Instant.FromUtc(2026, 11, 1, 6, 15)); // 01:30 EDT - 01:15 EST

        Assert.Equal("Sunday, 01/11/2026 01:00-01:30 (UTC-05:00)", SlotText.Format(second, NewYork));
        Assert.Equal("Sunday, 01/11/2026 01:00-01:30 (UTC-04:00)", SlotText.Format(first, NewYork));
        Assert.Equal("Sunday, 01/11/2026 01:30-01:15 (UTC-04:00, UTC-05:00)", SlotText.Format(across, NewYork));
        Assert.Equal(second, SlotText.Parse("Sunday, 01/11/2026 01:00-01:30 (UTC-05:00)", NewYork).Value);
        Assert.Equal(first, SlotText.Parse("Sunday, 01/11/2026 01:00-01:30 (UTC-04:00)", NewYork).Value);
        Assert.Equal(across, SlotText.Parse("Sunday, 01/11/2026 01:30-01:15 (UTC-04:00, UTC-05:00)", NewYork).Value);
    }

    [Fact]
    public void An_offset_the_zone_does_not_have_at_that_time_is_refused()
    {
        var result = SlotText.Parse("Monday, 06/10/2025 09:00-09:30 (UTC-05:00)", NewYork); // New York is at UTC-04:00 in October

        var error = Assert.IsType<SlotTextFormatException>(result.Exception);
        Assert.Contains("America/New_York is not at UTC-05:00 at the start 09:00 on 06/10/2025", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Transition);
    }

    [Fact]
    public void An_unambiguous_slot_read_with_its_true_offset_is_the_same_slot()
    {
        Assert.Equal(Utc(2025, 10, 6, 13, 0, 30), SlotText.Parse("Monday, 06/10/2025 09:00-09:30 (UTC-04:00)", NewYork).Value);
    }

    [Fact]
    public void A_slot_of_nearly_a_day_over_the_spring_gap_carries_both_offsets()
    {
        // 00:30 EST on 8 March to 01:00 EDT on 9 March is 23h30: without offsets "00:30-01:00" would read as half an hour.
        var slot = new Interval(Instant.FromUtc(2026, 3, 8, 5, 30), Instant.FromUtc(2026, 3, 9, 5, 0));

        var text = SlotText.Format(slot, NewYork);

        Assert.Equal("Sunday, 08/03/2026 00:30-01:00 (UTC-05:00, UTC-04:00)", text);
        Assert.Equal(slot, SlotText.Parse(text, NewYork).Value);
    }

    [Fact]
    public void London_spring_forward_and_fall_back()
    {
        // Sunday 29 March 2026: 01:00 GMT jumps to 02:00 BST. Sunday 25 October 2026: 02:00 BST goes back to 01:00 GMT.
        Assert.Equal("Sunday, 29/03/2026 00:30-02:30", SlotText.Format(Utc(2026, 3, 29, 0, 30, 60), London));
        Assert.Equal("Sunday, 29/03/2026 02:00-03:00", SlotText.Format(Utc(2026, 3, 29, 1, 0, 60), London));
        Assert.NotNull(Assert.IsType<SlotTextFormatException>(SlotText.Parse("Sunday, 29/03/2026 01:30-03:00", London).Exception).Transition);

        Assert.Equal("Sunday, 25/10/2026 01:00-01:30 (UTC+01:00)", SlotText.Format(Utc(2026, 10, 25, 0, 0, 30), London));
        Assert.Equal("Sunday, 25/10/2026 01:00-01:30 (UTC+00:00)", SlotText.Format(Utc(2026, 10, 25, 1, 0, 30), London));
        Assert.Equal("Sunday, 25/10/2026 02:00-02:30", SlotText.Format(Utc(2026, 10, 25, 2, 0, 30), London));
    }

    [Fact]
    public void Lord_Howe_shifts_by_half_an_hour()
    {
        // Lord Howe, Sunday 5 April 2026: 02:00 (UTC+11:00) goes back to 01:30 (UTC+10:30), at 15:00 UTC on the 4th; 01:30-02:00 happens twice.
        var beforeBack = new Interval(Instant.FromUtc(2026, 4, 4, 14, 30), Instant.FromUtc(2026, 4, 4, 15, 0)); // 01:30 (+11:00) to 01:30 (+10:30)
        var afterBack = new Interval(Instant.FromUtc(2026, 4, 4, 15, 0), Instant.FromUtc(2026, 4, 4, 15, 30));  // 01:30-02:00 (+10:30)

        Assert.Equal("Sunday, 05/04/2026 01:30-01:30 (UTC+11:00, UTC+10:30)", SlotText.Format(beforeBack, LordHowe));
        Assert.Equal("Sunday, 05/04/2026 01:30-02:00 (UTC+10:30)", SlotText.Format(afterBack, LordHowe));
        Assert.Equal(beforeBack, SlotText.Parse(SlotText.Format(beforeBack, LordHowe), LordHowe).Value);
        Assert.Equal(afterBack, SlotText.Parse(SlotText.Format(afterBack, LordHowe), LordHowe).Value);

        // Sunday 4 October 2026: 02:00 (UTC+10:30) jumps to 02:30 (UTC+11:00); 02:15 does not exist.
        var gap = Assert.IsType<SlotTextFormatException>(SlotText.Parse("Sunday, 04/10/2026 02:15-03:00", LordHowe).Exception);
        Assert.Equal(Offset.FromHoursAndMinutes(10, 30), gap.Transition!.OffsetBefore);
        Assert.Equal(Offset.FromHours(11), gap.Transition.OffsetAfter);
        Assert.Equal("Sunday, 04/10/2026 01:45-02:45", SlotText.Format(new Interval(Instant.FromUtc(2026, 10, 3, 15, 15), Instant.FromUtc(2026, 10, 3, 15, 45)), LordHowe));
    }

    [Fact]
    public void Kathmandu_renders_its_quarter_hour_offset_without_a_suffix()
    {
        // Nepal is UTC+05:45 all year: 03:15 UTC is 09:00.
        var slot = Utc(2026, 6, 1, 3, 15, 45);

        Assert.Equal("Monday, 01/06/2026 09:00-09:45", SlotText.Format(slot, Kathmandu));
        Assert.Equal(slot, SlotText.Parse("Monday, 01/06/2026 09:00-09:45", Kathmandu).Value);
        Assert.Equal(slot, SlotText.Parse("Monday, 01/06/2026 09:00-09:45 (UTC+05:45)", Kathmandu).Value);
    }

    [Theory]
    [InlineData("Monday, 06/10/2025 09:00-09:30 (UTC)")]
    [InlineData("Monday, 06/10/2025 09:00-09:30 (UTC-04:00")]
    [InlineData("Monday, 06/10/2025 09:00-09:30 (UTC-04:00, UTC-05:00, UTC-06:00)")]
    [InlineData("Monday, 06/10/2025 09:00-09:30 ()")]
    [InlineData("Monday, 06/10/2025 09:00-09:30 (-04:00)")]
    public void A_malformed_offset_suffix_is_refused(string text)
    {
        var error = Assert.IsType<SlotTextFormatException>(SlotText.Parse(text, NewYork).Exception);

        Assert.Contains("offset suffix", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sunday, 01/11/2026 01:00-01:30 (UTC-05:00)", true)] // written now
    [InlineData("Sunday, 01/11/2026 01:00-01:30", true)]             // written before slot text carried offsets
    [InlineData("Sunday, 01/11/2026 01:00-01:30 (UTC-04:00)", false)] // the other pass through the hour
    public void A_stored_session_text_matches_its_slot_in_the_current_or_the_earlier_form(string text, bool matches)
    {
        var slot = Utc(2026, 11, 1, 6, 0, 30);
        var interviewer = new InterviewerId("iv-1");
        var score = new MatchScore(20, 30, 30);
        var session = new PaymentSession
        {
            Id = PaymentSessionId.New(),
            CandidateId = new CandidateId("cand-1"),
            CandidateName = "Casey",
            CandidateEmail = "casey@example.org",
            CandidateTimeZone = NewYork,
            MatchedInterviewer = new MatchedInterviewer { Id = interviewer, Name = "Ada", Email = "ada@example.org", Score = score },
            InterviewerId = interviewer,
            SelectedTimeSlot = text,
            SelectedDate = new LocalDate(2026, 11, 1),
            MatchScore = score.Total,
            Slot = slot,
            ReservationId = ReservationId.New(),
            PlanId = "mock-30",
            Price = new Price(new Money(4900, "USD"), []),
            Status = PaymentSessionStatus.Paid,
            CreatedAt = Instant.FromUtc(2026, 10, 30, 0, 0),
            ExpiresAt = Instant.FromUtc(2026, 10, 30, 0, 30),
        };

        if (matches)
        {
            Assert.Equal(slot, PreMatchedSnapshot.From(session).Slot);
        }
        else
        {
            Assert.Equal("selected_time_slot", Assert.Throws<PreMatchedInterviewerException>(() => PreMatchedSnapshot.From(session)).Field);
        }
    }

    [Fact]
    public void Parsing_uses_the_zone_not_utc()
    {
        var utc = SlotText.Parse("Monday, 06/10/2025 09:00-09:30", DateTimeZone.Utc).Value;
        var newYork = SlotText.Parse("Monday, 06/10/2025 09:00-09:30", NewYork).Value;

        Assert.Equal(Duration.FromHours(4), newYork.Start - utc.Start);
    }
}
