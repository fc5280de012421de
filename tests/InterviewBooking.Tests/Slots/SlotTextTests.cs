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
    public void A_slot_that_vanishes_in_the_spring_gap_is_reported()
    {
        // 02:00-03:00 on the gap morning: 02:00 reads as 03:00 EDT, the same instant as the end, so the slot has no length.
        var result = SlotText.Parse("Sunday, 08/03/2026 02:00-03:00", NewYork);

        Assert.False(result.Success);
        Assert.Contains("no length", Assert.IsType<SlotTextFormatException>(result.Exception).Message, StringComparison.Ordinal);
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

    [Fact]
    public void A_time_in_the_spring_gap_moves_forward_by_the_gap()
    {
        // New York, Sunday 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist and reads as 03:30 EDT (07:30 UTC).
        var result = SlotText.Parse("Sunday, 08/03/2026 02:30-04:00", NewYork);

        Assert.Equal(new Interval(Instant.FromUtc(2026, 3, 8, 7, 30), Instant.FromUtc(2026, 3, 8, 8, 0)), result.Value);
    }

    [Fact]
    public void A_slot_wholly_inside_the_spring_gap_moves_forward_and_keeps_its_length()
    {
        // 02:15-02:45 lies wholly in the gap: both ends move forward by an hour (03:15-03:45 EDT).
        var result = SlotText.Parse("Sunday, 08/03/2026 02:15-02:45", NewYork);

        Assert.Equal(new Interval(Instant.FromUtc(2026, 3, 8, 7, 15), Instant.FromUtc(2026, 3, 8, 7, 45)), result.Value);
    }

    [Fact]
    public void An_ambiguous_autumn_time_takes_the_earlier_instant()
    {
        // New York, Sunday 1 November 2026: 02:00 EDT goes back to 01:00 EST; 01:30 happens twice. The earlier is 01:30 EDT (05:30 UTC).
        var result = SlotText.Parse("Sunday, 01/11/2026 01:30-02:00", NewYork);

        Assert.Equal(new Interval(Instant.FromUtc(2026, 11, 1, 5, 30), Instant.FromUtc(2026, 11, 1, 7, 0)), result.Value);
    }

    [Fact]
    public void The_second_occurrence_of_an_ambiguous_time_cannot_survive_a_round_trip()
    {
        // 06:30 UTC is 01:30 EST, the second 01:30 of the night. Its text is the same as the first's, and reading takes the earlier.
        var second = new Interval(Instant.FromUtc(2026, 11, 1, 6, 30), Instant.FromUtc(2026, 11, 1, 7, 30));
        var text = SlotText.Format(second, NewYork);

        Assert.Equal("Sunday, 01/11/2026 01:30-02:30", text);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 5, 30), SlotText.Parse(text, NewYork).Value.Start);
    }

    [Fact]
    public void London_spring_forward()
    {
        // Sunday 29 March 2026: 01:00 GMT jumps to 02:00 BST.
        Assert.Equal("Sunday, 29/03/2026 00:30-02:30", SlotText.Format(Utc(2026, 3, 29, 0, 30, 60), London));
        Assert.Equal("Sunday, 29/03/2026 02:00-03:00", SlotText.Format(Utc(2026, 3, 29, 1, 0, 60), London));

        var inGap = SlotText.Parse("Sunday, 29/03/2026 01:30-03:00", London);
        Assert.Equal(new Interval(Instant.FromUtc(2026, 3, 29, 1, 30), Instant.FromUtc(2026, 3, 29, 2, 0)), inGap.Value);
    }

    [Fact]
    public void Parsing_uses_the_zone_not_utc()
    {
        var utc = SlotText.Parse("Monday, 06/10/2025 09:00-09:30", DateTimeZone.Utc).Value;
        var newYork = SlotText.Parse("Monday, 06/10/2025 09:00-09:30", NewYork).Value;

        Assert.Equal(Duration.FromHours(4), newYork.Start - utc.Start);
    }
}
