using static InterviewBooking.CalDav.Tests.CalDavFixture;

namespace InterviewBooking.CalDav.Tests;

/// <summary>Busy time read from a real Radicale calendar: one-off, recurring, all-day, transparent and zoned events.</summary>
public sealed class BusyTimeReadingTests
{
    private static readonly Interval March = new(Instant.FromUtc(2026, 3, 2, 0, 0), Instant.FromUtc(2026, 4, 10, 0, 0));

    [SkippableFact]
    public async Task A_one_off_event_is_busy_for_exactly_its_time()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        await server.PutAsync(calendar, "dentist", Events.Calendar(Zones.NewYork,
            Events.Event("dentist-1@mail.example", ";TZID=America/New_York:20260303T100000", ";TZID=America/New_York:20260303T110000")));
        fixture.Resolver.Connections[Ada] = calendar;

        var busy = await fixture.BusyAsync(Ada, March);

        Assert.NotNull(busy);
        Assert.False(busy.IsUnknown);
        Assert.Equal([At(NewYork, 2026, 3, 3, 10, 0, 60)], busy.Intervals);
    }

    [SkippableFact]
    public async Task A_weekly_event_expands_with_its_moved_instance_and_its_excluded_date_across_the_US_DST_change()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        // Tuesdays 14:00-15:00 New York from 3 March, 5 times; 10 March excluded; 17 March moved to 16:00-17:00. DST starts 8 March.
        await server.PutAsync(calendar, "standup", Events.Calendar(Zones.NewYork,
            Events.Event("standup@mail.example", ";TZID=America/New_York:20260303T140000", ";TZID=America/New_York:20260303T150000",
                "RRULE:FREQ=WEEKLY;COUNT=5\nEXDATE;TZID=America/New_York:20260310T140000\n"),
            Events.Event("standup@mail.example", ";TZID=America/New_York:20260317T160000", ";TZID=America/New_York:20260317T170000",
                "RECURRENCE-ID;TZID=America/New_York:20260317T140000\n")));
        fixture.Resolver.Connections[Ada] = calendar;

        var busy = await fixture.BusyAsync(Ada, March);

        Assert.NotNull(busy);
        Assert.Equal(
            [At(NewYork, 2026, 3, 3, 14, 0, 60), At(NewYork, 2026, 3, 17, 16, 0, 60), At(NewYork, 2026, 3, 24, 14, 0, 60), At(NewYork, 2026, 3, 31, 14, 0, 60)],
            busy.Intervals.OrderBy(i => i.Start));
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 19, 0), busy.Intervals.Min(i => i.Start)); // EST before the change
        Assert.Contains(busy.Intervals, i => i.Start == Instant.FromUtc(2026, 3, 24, 18, 0)); // EDT after it
    }

    [SkippableFact]
    public async Task An_all_day_event_is_busy_for_the_whole_local_day_of_the_interviewer()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        await server.PutAsync(calendar, "offsite", Events.Calendar(
            Events.Event("offsite@mail.example", ";VALUE=DATE:20260305", ";VALUE=DATE:20260306")));
        fixture.Resolver.Connections[Ada] = calendar;

        var busy = await fixture.BusyAsync(Ada, March);

        Assert.NotNull(busy);
        var day = Assert.Single(busy.Intervals);
        Assert.Equal(NewYork.AtStartOfDay(new LocalDate(2026, 3, 5)).ToInstant(), day.Start);
        Assert.Equal(NewYork.AtStartOfDay(new LocalDate(2026, 3, 6)).ToInstant(), day.End);
    }

    [SkippableFact]
    public async Task A_transparent_event_and_a_cancelled_one_are_not_busy()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        await server.PutAsync(calendar, "reminder", Events.Calendar(
            Events.Event("reminder@mail.example", ":20260303T150000Z", ":20260303T160000Z", "TRANSP:TRANSPARENT\n")));
        await server.PutAsync(calendar, "called-off", Events.Calendar(
            Events.Event("called-off@mail.example", ":20260304T150000Z", ":20260304T160000Z", "STATUS:CANCELLED\n")));
        await server.PutAsync(calendar, "lunch", Events.Calendar(
            Events.Event("lunch@mail.example", ":20260305T170000Z", ":20260305T180000Z", "TRANSP:OPAQUE\n")));
        fixture.Resolver.Connections[Ada] = calendar;

        var busy = await fixture.BusyAsync(Ada, March);

        Assert.NotNull(busy);
        Assert.Equal([new Interval(Instant.FromUtc(2026, 3, 5, 17, 0), Instant.FromUtc(2026, 3, 5, 18, 0))], busy.Intervals);
    }

    [SkippableFact]
    public async Task An_event_in_another_zone_keeps_its_local_time_across_that_zones_DST_change()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        // Mondays 15:00-16:00 in Berlin, 23 and 30 March: Berlin moves to summer time on 29 March, New York already did on 8 March.
        await server.PutAsync(calendar, "berlin-sync", Events.Calendar(Zones.Berlin,
            Events.Event("berlin-sync@mail.example", ";TZID=Europe/Berlin:20260323T150000", ";TZID=Europe/Berlin:20260323T160000", "RRULE:FREQ=WEEKLY;COUNT=2\n")));
        fixture.Resolver.Connections[Ada] = calendar;

        var busy = await fixture.BusyAsync(Ada, March);

        Assert.NotNull(busy);
        Assert.Equal(
            [new Interval(Instant.FromUtc(2026, 3, 23, 14, 0), Instant.FromUtc(2026, 3, 23, 15, 0)), new Interval(Instant.FromUtc(2026, 3, 30, 13, 0), Instant.FromUtc(2026, 3, 30, 14, 0))],
            busy.Intervals.OrderBy(i => i.Start));
    }

    [SkippableFact]
    public async Task Events_this_library_wrote_are_left_out_since_their_reservation_already_counts()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture(o => o.OwnUidSuffix = "@bookings.acme.example");
        var calendar = await server.NewCalendarAsync();
        await server.PutAsync(calendar, "interview", Events.Calendar(
            Events.Event("interview-42@bookings.acme.example", ":20260303T150000Z", ":20260303T160000Z")));
        fixture.Resolver.Connections[Ada] = calendar;

        Assert.Null(await fixture.BusyAsync(Ada, March));
    }

    [SkippableFact]
    public async Task An_interviewer_without_a_calendar_has_no_outside_busy_time()
    {
        TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();

        Assert.Null(await fixture.BusyAsync(Grace, March));
    }
}
