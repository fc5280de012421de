using Microsoft.Extensions.DependencyInjection;
using static InterviewBooking.CalDav.Tests.CalDavFixture;

namespace InterviewBooking.CalDav.Tests;

/// <summary>Booked interviews written into the interviewer's Radicale calendar through the outbox, moved and removed with the booking.</summary>
public sealed class WriteBackTests
{
    private static readonly Interval Slot = At(NewYork, 2026, 3, 3, 10, 0, 60);
    private static readonly Interval Week = new(Instant.FromUtc(2026, 3, 2, 0, 0), Instant.FromUtc(2026, 3, 12, 0, 0));

    private static InterviewRequest Request(Interval slot) => new()
    {
        CandidateId = new CandidateId($"candidate-{Guid.NewGuid():N}"), CandidateName = "Casey Jordan", CandidateEmail = "casey@candidates.example",
        ExperienceYears = 4, SkillCategories = ["Backend"], Skills = ["Java"], RequestedSlot = slot, CandidateTimeZone = NewYork, PlanId = "mock-60",
    };

    /// <summary>What the calendar holds over the week, read with the adapter's own REPORT, as (UID, start) pairs.</summary>
    private static async Task<List<(string Uid, Instant Start)>> EventsIn(CalDavFixture fixture, CalDavConnection calendar)
    {
        var resources = await fixture.Services.GetRequiredService<CalDavClient>().QueryAsync(calendar, Week, CancellationToken.None);
        return [.. resources.Select(Ical.Net.Calendar.Load).SelectMany(c => c!.Events)
            .Select(e => (e.Uid!, Instant.FromDateTimeUtc(DateTime.SpecifyKind(e.DtStart!.AsUtc, DateTimeKind.Utc))))];
    }

    [SkippableFact]
    public async Task A_booked_interview_appears_a_reschedule_moves_it_and_a_cancellation_removes_it()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture(o => o.OwnUidSuffix = "@interviews.acme.example");
        var calendar = await server.NewCalendarAsync();
        fixture.Resolver.Connections[Ada] = calendar;

        var session = await fixture.BookAsync(Request(Slot));
        Assert.Equal(Ada, session.InterviewerId);
        var uid = $"{session.Id.Value}.calendar@interviews.acme.example";
        Assert.Equal([(uid, Slot.Start)], await EventsIn(fixture, calendar));

        // Read back, our own event is not busy time on top of its reservation (nor against a move of itself).
        fixture.Clock.Advance(Duration.FromMinutes(10));
        Assert.Null(await fixture.BusyAsync(Ada, Week, BusyTimeUse.Hold));
        var moved = At(NewYork, 2026, 3, 4, 14, 0, 60);
        var rescheduled = await fixture.Services.GetRequiredService<BookingChangeService>().RescheduleAsync(session.Id, moved);
        Assert.Equal(BookingChangeOutcome.Rescheduled, rescheduled.Outcome);
        await fixture.DrainOutboxAsync();
        Assert.Equal([(uid, moved.Start)], await EventsIn(fixture, calendar));

        var canceled = await fixture.Services.GetRequiredService<BookingChangeService>().CancelAsync(session.Id, "The candidate canceled.");
        Assert.True(canceled.Succeeded);
        await fixture.DrainOutboxAsync();
        Assert.Empty(await EventsIn(fixture, calendar));
    }

    [SkippableFact]
    public async Task An_imported_invite_with_the_invites_UID_neither_conflicts_with_the_written_event_nor_counts_as_busy()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture(o => o.OwnUidSuffix = "@interviews.acme.example");
        var calendar = await server.NewCalendarAsync();
        fixture.Resolver.Connections[Ada] = calendar;
        // The mail client imported the emailed invite (UID {interview id}@domain) before the write-back runs.
        await server.PutAsync(calendar, "imported-invite", Events.Calendar(
            Events.Event("interview-imported@interviews.acme.example", ":20260303T150000Z", ":20260303T160000Z")));

        var session = await fixture.BookAsync(Request(Slot));

        var events = await EventsIn(fixture, calendar);
        Assert.Equal(2, events.Count); // no no-uid-conflict: the written event has a UID of its own
        Assert.Contains(events, e => e.Uid == $"{session.Id.Value}.calendar@interviews.acme.example");
        fixture.Clock.Advance(Duration.FromMinutes(10));
        Assert.Null(await fixture.BusyAsync(Ada, Week, BusyTimeUse.Hold));
    }
}
