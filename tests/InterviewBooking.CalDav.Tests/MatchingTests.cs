using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using static InterviewBooking.CalDav.Tests.CalDavFixture;

namespace InterviewBooking.CalDav.Tests;

/// <summary>Busy time in the rules: the matcher passes over a busy interviewer, alternatives avoid busy time, the hold re-reads.</summary>
public sealed class MatchingTests
{
    /// <summary>Tuesday 3 March 2026, 10:00-11:00 in New York.</summary>
    private static readonly Interval Slot = At(NewYork, 2026, 3, 3, 10, 0, 60);

    private static InterviewRequest Request(Interval slot) => new()
    {
        CandidateId = new CandidateId($"candidate-{Guid.NewGuid():N}"),
        CandidateName = "Casey Jordan",
        CandidateEmail = "casey@candidates.example",
        ExperienceYears = 4,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        RequestedSlot = slot,
        CandidateTimeZone = NewYork,
        PlanId = "mock-60",
    };

    private static string Dentist(string start = "20260303T100000", string end = "20260303T110000") => Events.Calendar(Zones.NewYork,
        Events.Event("dentist@mail.example", $";TZID=America/New_York:{start}", $";TZID=America/New_York:{end}"));

    [SkippableFact]
    public async Task The_matcher_passes_over_an_interviewer_whose_calendar_is_busy_at_the_slot()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        await server.PutAsync(calendar, "dentist", Dentist());
        fixture.Resolver.Connections[Ada] = calendar;
        var matcher = fixture.Services.GetRequiredService<IInterviewerMatcher>();

        var matches = (await matcher.MatchAsync(Request(Slot), 2)).Matches;
        Assert.Equal([Grace], matches.Select(m => m.Interviewer.Id));

        // An hour later Ada is free again and ranks first (her busy time ends at 11:00; no buffers).
        var later = (await matcher.MatchAsync(Request(At(NewYork, 2026, 3, 3, 11, 0, 60)), 2)).Matches;
        Assert.Equal(Ada, later[0].Interviewer.Id);
    }

    [SkippableFact]
    public async Task Alternatives_avoid_busy_time_when_nobody_is_free_for_the_slot()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var ada = await server.NewCalendarAsync();
        var grace = await server.NewCalendarAsync();
        // Both busy 09:00-12:00 on 3 March: the nearest alternative is 12:00 (08:00-09:00 is before the slot but also an hour away: the earlier wins).
        await server.PutAsync(ada, "offsite", Dentist("20260303T090000", "20260303T120000"));
        await server.PutAsync(grace, "offsite", Dentist("20260303T080000", "20260303T120000"));
        fixture.Resolver.Connections[Ada] = ada;
        fixture.Resolver.Connections[Grace] = grace;

        var result = await fixture.Services.GetRequiredService<IInterviewerMatcher>().MatchAsync(Request(Slot), 2);

        Assert.Empty(result.Matches);
        Assert.NotEmpty(result.Alternatives);
        var busyFrom = At(NewYork, 2026, 3, 3, 8, 0, 240);
        Assert.All(result.Alternatives, a => Assert.False(
            a.Slot.Start < busyFrom.End && busyFrom.Start < a.Slot.End && a.Interviewer.Id == Grace, $"Grace offered at {a.Slot}"));
        Assert.All(result.Alternatives, a => Assert.False(
            a.Slot.Start < Slot.Start + Duration.FromHours(2) && Slot.Start - Duration.FromHours(1) < a.Slot.End && a.Interviewer.Id == Ada, $"Ada offered at {a.Slot}"));
        Assert.Contains(result.Alternatives, a => a.Slot.Start == At(NewYork, 2026, 3, 3, 8, 0, 60).Start && a.Interviewer.Id == Ada);
    }

    [SkippableFact]
    public async Task The_hold_re_reads_a_calendar_older_than_the_bound_and_holds_the_next_best()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture(o => { o.CacheTimeToLive = Duration.FromMinutes(10); o.MaxAgeAtHold = Duration.FromMinutes(1); });
        var calendar = await server.NewCalendarAsync();
        fixture.Resolver.Connections[Ada] = calendar;
        var matcher = fixture.Services.GetRequiredService<IInterviewerMatcher>();
        Assert.Equal(Ada, (await matcher.MatchAsync(Request(Slot), 2)).Matches[0].Interviewer.Id); // read: free

        await server.PutAsync(calendar, "dentist", Dentist()); // booked in her calendar after our read
        fixture.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(Ada, (await matcher.MatchAsync(Request(Slot), 2)).Matches[0].Interviewer.Id); // matching still uses the cached read

        var started = await fixture.Services.GetRequiredService<BookingService>().StartAsync(Request(Slot));

        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        Assert.Equal(Grace, started.Match!.Interviewer.Id);
        Assert.Equal([HoldRefusal.CalendarBusy], started.Refusals);
    }

    [SkippableFact]
    public async Task A_calendar_that_cannot_be_read_passes_over_the_interviewer_by_default()
    {
        TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        fixture.Resolver.Connections[Ada] = new CalDavConnection(new Uri($"http://127.0.0.1:{Loopback.ClosedPort()}/ada/"), "ada", "secret");

        var matches = (await fixture.Services.GetRequiredService<IInterviewerMatcher>().MatchAsync(Request(Slot), 2)).Matches;

        Assert.Equal([Grace], matches.Select(m => m.Interviewer.Id));
    }

    [SkippableFact]
    public async Task The_cache_keeps_at_most_its_bound_of_calendars()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture(o => o.MaxCachedCalendars = 1);
        fixture.Resolver.Connections[Ada] = await server.NewCalendarAsync();
        fixture.Resolver.Connections[Grace] = await server.NewCalendarAsync();

        await fixture.BusyAsync(Ada, Slot);
        await fixture.BusyAsync(Grace, Slot);

        Assert.Equal(1, fixture.Services.GetRequiredService<CalDavBusyTimeSource>().CachedCount);
    }
}
