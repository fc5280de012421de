using System.Text;
using Ical.Net.CalendarComponents;
using NodaTime.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace InterviewBooking.Calendar.Tests;

/// <summary>Every invite is parsed back with Ical.Net and checked field by field.</summary>
public class CalendarInviteWriterTests
{
    private const string Uid = "iv_0195f1c2a7b04e5c9d3e2f1a0b9c8d7e@invites.acme.example";

    [Fact]
    public void Booked_is_a_REQUEST_with_every_field_set()
    {
        var invite = Invites.Writer().Write(Invites.Notification(BookingNotificationKind.Booked))!;

        Assert.Equal(CalendarInvite.Request, invite.Method);
        Assert.Equal(Uid, invite.Uid);
        Assert.Equal(0, invite.Sequence);
        Assert.Equal("invite.ics", invite.FileName);

        var calendar = IcalCalendar.Load(invite.Content)!;
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal(CalendarInviteOptions.DefaultProductId, calendar.ProductId);
        var calendarEvent = Assert.Single(calendar.Events);
        Assert.Empty(calendar.TimeZones);

        Assert.Equal(Uid, calendarEvent.Uid);
        Assert.Equal(0, calendarEvent.Sequence);
        Assert.Equal("CONFIRMED", calendarEvent.Status);
        Assert.Equal("OPAQUE", calendarEvent.Transparency);
        Assert.Null(calendarEvent.Url); // the link is pending: no placeholder
        Assert.Null(calendarEvent.Location);
        AssertUtc(Invites.Slot.Start, calendarEvent.DtStart!);
        AssertUtc(Invites.Slot.End, calendarEvent.DtEnd!);
        AssertUtc(Invites.Now, calendarEvent.DtStamp!);
        Assert.Equal("30-minute mock interview: Casey Jordan with Ada Byron", calendarEvent.Summary);
        Assert.Equal(
            "30-minute mock interview with Ada Byron (interviewer) and Casey Jordan (candidate).\n"
            + "Meeting link: to follow.\n"
            + "Reference: interview iv_0195f1c2a7b04e5c9d3e2f1a0b9c8d7e, payment ps_calendar_tests.",
            calendarEvent.Description);

        Assert.Equal(new Uri("mailto:interviews@acme.example"), calendarEvent.Organizer!.Value);
        Assert.Equal("Acme Interviews", calendarEvent.Organizer.CommonName);
        AssertAttendees(calendarEvent, ("Casey Jordan", "casey.jordan@example.org"), ("Ada Byron", "ada@example.com"));
    }

    [Fact]
    public void Reschedule_keeps_the_UID_raises_the_SEQUENCE_and_moves_the_times()
    {
        var writer = Invites.Writer();
        var moved = new Interval(Instant.FromUtc(2026, 6, 4, 17, 0), Instant.FromUtc(2026, 6, 4, 17, 30));

        var booked = writer.Write(Invites.Notification(BookingNotificationKind.Booked))!;
        // A rescheduled interview keeps its original request; its Slot is where it takes place now.
        var first = writer.Write(Invites.Notification(BookingNotificationKind.Rescheduled, Invites.Interview() with { Slot = moved, Sequence = 1 }, sequence: 1))!;
        var second = writer.Write(Invites.Notification(BookingNotificationKind.Rescheduled, Invites.Interview() with { Slot = Invites.Slot, Sequence = 2 }, sequence: 2))!;

        var events = new[] { booked, first, second }.Select(i => Assert.Single(IcalCalendar.Load(i.Content)!.Events)).ToList();
        Assert.All(events, e => Assert.Equal(Uid, e.Uid));
        Assert.Equal([0, 1, 2], events.Select(e => e.Sequence));
        Assert.Equal(CalendarInvite.Request, first.Method);
        Assert.Equal("REQUEST", IcalCalendar.Load(first.Content)!.Method);
        Assert.Equal("CONFIRMED", events[1].Status);
        AssertUtc(moved.Start, events[1].DtStart!);
        AssertUtc(moved.End, events[1].DtEnd!);
        AssertUtc(Invites.Slot.Start, events[2].DtStart!);
        AssertAttendees(events[1], ("Casey Jordan", "casey.jordan@example.org"), ("Ada Byron", "ada@example.com"));
    }

    [Fact]
    public void Canceled_is_a_CANCEL_with_STATUS_CANCELLED_for_the_same_UID()
    {
        var writer = Invites.Writer();
        var booked = writer.Write(Invites.Notification(BookingNotificationKind.Booked))!;
        var canceled = writer.Write(Invites.Notification(BookingNotificationKind.Canceled, sequence: 1, reason: "The candidate canceled."))!;

        Assert.Equal(CalendarInvite.Cancel, canceled.Method);
        Assert.Equal("cancel.ics", canceled.FileName);
        Assert.Equal(booked.Uid, canceled.Uid);
        var calendar = IcalCalendar.Load(canceled.Content)!;
        Assert.Equal("CANCEL", calendar.Method);
        var calendarEvent = Assert.Single(calendar.Events);
        Assert.Equal(Uid, calendarEvent.Uid);
        Assert.Equal(1, calendarEvent.Sequence);
        Assert.Equal("CANCELLED", calendarEvent.Status);
        Assert.StartsWith("Canceled: 30-minute mock interview", calendarEvent.Summary, StringComparison.Ordinal);
        Assert.Contains("This interview was canceled.", calendarEvent.Description, StringComparison.Ordinal);
        AssertUtc(Invites.Slot.Start, calendarEvent.DtStart!);
        AssertUtc(Invites.Slot.End, calendarEvent.DtEnd!);
        Assert.Equal(new Uri("mailto:interviews@acme.example"), calendarEvent.Organizer!.Value);
        AssertAttendees(calendarEvent, ("Casey Jordan", "casey.jordan@example.org"), ("Ada Byron", "ada@example.com"));
        Assert.DoesNotContain("The candidate canceled", canceled.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meeting_link_is_the_events_URL_and_LOCATION_but_not_on_a_cancellation()
    {
        var link = new Uri("https://meet.acme.example/iv_0195f1c2a7b04e5c9d3e2f1a0b9c8d7e");
        var interview = Invites.Interview() with { MeetingLink = link };
        var writer = Invites.Writer();

        var booked = Assert.Single(IcalCalendar.Load(writer.Write(Invites.Notification(BookingNotificationKind.Booked, interview))!.Content)!.Events);
        Assert.Equal(link, booked.Url);
        Assert.Equal(link.AbsoluteUri, booked.Location);
        Assert.Contains($"Meeting link: {link.AbsoluteUri}\n", booked.Description, StringComparison.Ordinal);

        var canceled = Assert.Single(IcalCalendar.Load(writer.Write(Invites.Notification(BookingNotificationKind.Canceled, interview, 1))!.Content)!.Events);
        Assert.Null(canceled.Url);
        Assert.DoesNotContain("Meeting link", canceled.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void RefundRequired_has_no_invite()
    {
        Assert.False(CalendarInviteWriter.HasInvite(BookingNotificationKind.RefundRequired));
        Assert.Null(Invites.Writer().Write(Invites.Notification(BookingNotificationKind.RefundRequired, reason: "slot lost")));
    }

    [Theory]
    [InlineData(BookingNotificationKind.Reminder)]
    [InlineData(BookingNotificationKind.FeedbackRequest)]
    public void A_reminder_and_a_feedback_request_change_nothing_in_the_calendar(BookingNotificationKind kind)
    {
        Assert.False(CalendarInviteWriter.HasInvite(kind));
        Assert.Null(Invites.Writer().Write(Invites.Notification(kind)));
        Assert.Throws<ArgumentException>(() => Invites.Writer().Write(Invites.Notification((BookingNotificationKind)99)));
    }

    /// <summary>
    /// Slots on DST transition days, given as wall-clock time in the zone: the invite carries the exact UTC instants
    /// (written out here by hand), and those instants read back in the zone give the wall-clock times again.
    /// </summary>
    [Theory]
    // New York springs forward at 02:00 EST -> 03:00 EDT on Sunday 8 March 2026.
    [InlineData("America/New_York", "2026-03-08T10:00", 30, "20260308T140000Z", "20260308T143000Z", "10:30")]
    [InlineData("America/New_York", "2026-03-08T01:30", 60, "20260308T063000Z", "20260308T073000Z", "03:30")] // 01:30 EST .. 03:30 EDT: one hour across the gap
    [InlineData("America/New_York", "2026-03-07T10:00", 30, "20260307T150000Z", "20260307T153000Z", "10:30")] // the day before, still EST
    // New York falls back at 02:00 EDT -> 01:00 EST on Sunday 1 November 2026; 01:30 happens twice (the earlier is EDT).
    [InlineData("America/New_York", "2026-11-01T01:30", 60, "20261101T053000Z", "20261101T063000Z", "01:30")] // 01:30 EDT .. 01:30 EST
    [InlineData("America/New_York", "2026-11-01T10:00", 30, "20261101T150000Z", "20261101T153000Z", "10:30")]
    // London springs forward at 01:00 GMT -> 02:00 BST on Sunday 29 March 2026.
    [InlineData("Europe/London", "2026-03-29T00:30", 60, "20260329T003000Z", "20260329T013000Z", "02:30")] // 00:30 GMT .. 02:30 BST
    [InlineData("Europe/London", "2026-03-29T10:00", 30, "20260329T090000Z", "20260329T093000Z", "10:30")]
    // London falls back at 02:00 BST -> 01:00 GMT on Sunday 25 October 2026.
    [InlineData("Europe/London", "2026-10-25T09:00", 60, "20261025T090000Z", "20261025T100000Z", "10:00")]
    public void A_slot_on_a_DST_transition_day_is_written_as_exact_UTC_instants(
        string zoneId, string localStart, int minutes, string expectedStart, string expectedEnd, string expectedLocalEnd)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var local = NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(localStart + ":00").Value;
        var start = zone.MapLocal(local).First().ToInstant(); // the earlier of two in an overlap
        var slot = new Interval(start, start + Duration.FromMinutes(minutes));

        var invite = Invites.Writer().Write(Invites.Notification(BookingNotificationKind.Booked, Invites.Interview(slot)))!;

        var lines = Unfold(invite.Content);
        Assert.Contains($"DTSTART:{expectedStart}", lines);
        Assert.Contains($"DTEND:{expectedEnd}", lines);
        Assert.DoesNotContain(lines, l => l.Contains("TZID", StringComparison.Ordinal));

        var calendarEvent = Assert.Single(IcalCalendar.Load(invite.Content)!.Events);
        AssertUtc(slot.Start, calendarEvent.DtStart!);
        AssertUtc(slot.End, calendarEvent.DtEnd!);
        Assert.Equal(TimeSpan.FromMinutes(minutes), calendarEvent.DtEnd!.AsUtc - calendarEvent.DtStart!.AsUtc);

        // What a reader's calendar in that zone shows.
        var shownStart = Instant.FromDateTimeUtc(calendarEvent.DtStart.AsUtc).InZone(zone);
        var shownEnd = Instant.FromDateTimeUtc(calendarEvent.DtEnd.AsUtc).InZone(zone);
        Assert.Equal(local, shownStart.LocalDateTime);
        Assert.Equal(expectedLocalEnd, shownEnd.TimeOfDay.ToString("HH:mm", null));
    }

    [Fact]
    public void The_same_invite_read_in_another_zone_shows_that_zones_time()
    {
        // 8 March 2026 10:00 in New York (EDT, first day) is 14:00 in London (still GMT until 29 March).
        var slot = new Interval(Instant.FromUtc(2026, 3, 8, 14, 0), Instant.FromUtc(2026, 3, 8, 14, 30));
        var invite = Invites.Writer().Write(Invites.Notification(BookingNotificationKind.Booked, Invites.Interview(slot)))!;
        var start = Instant.FromDateTimeUtc(Assert.Single(IcalCalendar.Load(invite.Content)!.Events).DtStart!.AsUtc);

        Assert.Equal(new LocalDateTime(2026, 3, 8, 10, 0), start.InZone(Invites.NewYork).LocalDateTime);
        Assert.Equal(new LocalDateTime(2026, 3, 8, 14, 0), start.InZone(Invites.London).LocalDateTime);
    }

    [Fact]
    public void The_plan_and_add_ons_are_named_from_the_options()
    {
        var interview = Invites.Interview(planId: "mock-60", addOns: [new AddOnSelection("written-feedback"), new AddOnSelection("unlisted-extra", 2)]);
        var calendarEvent = Assert.Single(IcalCalendar.Load(Invites.Writer().Write(Invites.Notification(BookingNotificationKind.Booked, interview))!.Content)!.Events);

        Assert.Equal("60-minute mock interview: Casey Jordan with Ada Byron", calendarEvent.Summary);
        Assert.Contains("Add-ons: Written feedback report, unlisted-extra x2.", calendarEvent.Description, StringComparison.Ordinal);
        Assert.Equal("unknown-plan", Invites.Writer().PlanName("unknown-plan"));
    }

    [Fact]
    public void Nothing_personal_beyond_the_two_parties_names_and_emails()
    {
        var notification = Invites.Notification(BookingNotificationKind.Booked, reason: "internal reason text");
        var content = Invites.Writer().Write(notification)!.Content;

        foreach (var secret in new[]
        {
            "candidate-casey", "interviewer-ada", "Analytical Engines", "Europe/London", "hr_calendar_tests", "internal",
            "4900", "USD", "80", "SCORE",
        })
        {
            Assert.DoesNotContain(secret, content, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Names_with_commas_accents_quotes_and_line_breaks_survive_as_one_clean_line()
    {
        var interviewer = Invites.Ada with { Name = "Zoë \"Zed\" O'Brien,\r\nPhD", Email = "zoe@example.com" };
        var interview = Invites.Interview(interviewer: interviewer, candidateName: "José Müller; Jr.");
        var invite = Invites.Writer().Write(Invites.Notification(BookingNotificationKind.Booked, interview))!;

        var calendarEvent = Assert.Single(IcalCalendar.Load(invite.Content)!.Events);
        AssertAttendees(calendarEvent, ("José Müller; Jr.", "casey.jordan@example.org"), ("Zoë 'Zed' O'Brien, PhD", "zoe@example.com"));
        Assert.Equal("30-minute mock interview: José Müller; Jr. with Zoë 'Zed' O'Brien, PhD", calendarEvent.Summary);
    }

    [Fact]
    public void Lines_end_in_CRLF_and_fold_at_75_octets()
    {
        var interview = Invites.Interview(candidateName: new string('é', 60), addOns: [new AddOnSelection("written-feedback", 3)]);
        var content = Invites.Writer().Write(Invites.Notification(BookingNotificationKind.Booked, interview))!.Content;

        Assert.EndsWith("END:VCALENDAR\r\n", content, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', content.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.All(content.Split("\r\n"), line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 0, 75));
        Assert.Contains(new string('é', 60), Assert.Single(IcalCalendar.Load(content)!.Events).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_UID_domain_defaults_to_the_organizers_domain()
    {
        var options = Invites.DefaultOptions();
        options.UidDomain = null;
        var writer = Invites.Writer(options);

        Assert.Equal("iv_0195f1c2a7b04e5c9d3e2f1a0b9c8d7e@acme.example", writer.UidFor(Invites.InterviewId));
        Assert.Equal("iv_0195f1c2a7b04e5c9d3e2f1a0b9c8d7e@acme.example", writer.Write(Invites.Notification(BookingNotificationKind.Booked))!.Uid);
    }

    [Fact]
    public void DTSTAMP_is_the_time_of_writing()
    {
        var clock = new FakeClock(Invites.Now);
        var writer = Invites.Writer(clock: clock);
        var first = Assert.Single(IcalCalendar.Load(writer.Write(Invites.Notification(BookingNotificationKind.Booked))!.Content)!.Events);
        clock.Advance(Duration.FromDays(3));
        var later = Assert.Single(IcalCalendar.Load(writer.Write(Invites.Notification(BookingNotificationKind.Rescheduled, sequence: 1))!.Content)!.Events);

        AssertUtc(Invites.Now, first.DtStamp!);
        AssertUtc(Invites.Now + Duration.FromDays(3), later.DtStamp!);
    }

    [Fact]
    public void Broken_notifications_are_refused_with_the_reason()
    {
        var writer = Invites.Writer();
        Assert.Throws<ArgumentNullException>(() => writer.Write(null!));

        var noInterview = new BookingNotification(BookingNotificationKind.Booked, Invites.Session(), null);
        Assert.Contains("needs its Interview", Assert.Throws<ArgumentException>(() => writer.Write(noInterview)).Message, StringComparison.Ordinal);

        var negative = Invites.Notification(BookingNotificationKind.Rescheduled, sequence: -1);
        Assert.Contains("Sequence", Assert.Throws<ArgumentException>(() => writer.Write(negative)).Message, StringComparison.Ordinal);

        var unknown = Invites.Notification(BookingNotificationKind.Booked) with { Kind = (BookingNotificationKind)42 };
        Assert.Contains("Unknown notification kind", Assert.Throws<ArgumentException>(() => writer.Write(unknown)).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => writer.UidFor(default));
    }

    private static void AssertUtc(Instant expected, Ical.Net.DataTypes.CalDateTime actual)
    {
        Assert.True(actual.IsUtc, $"{actual} is not UTC");
        Assert.True(actual.HasTime);
        Assert.Equal(expected, Instant.FromDateTimeUtc(actual.AsUtc));
    }

    private static void AssertAttendees(CalendarEvent calendarEvent, params (string Name, string Email)[] expected)
    {
        Assert.Equal(expected.Length, calendarEvent.Attendees.Count);
        foreach (var (attendee, (name, email)) in calendarEvent.Attendees.Zip(expected))
        {
            Assert.Equal(new Uri($"mailto:{email}"), attendee.Value);
            Assert.Equal(name, attendee.CommonName);
            Assert.Equal("REQ-PARTICIPANT", attendee.Role);
            Assert.Equal("NEEDS-ACTION", attendee.ParticipationStatus);
            Assert.False(attendee.Rsvp);
        }
    }

    private static List<string> Unfold(string content) =>
        [.. content.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n")];
}
