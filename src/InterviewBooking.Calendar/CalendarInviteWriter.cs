using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;
using IcalCalendar = Ical.Net.Calendar;

namespace InterviewBooking.Calendar;

/// <summary>
/// Turns a <see cref="BookingNotification"/> into an RFC 5545 / RFC 5546 (iTIP) invite that every calendar client reads the same way.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="BookingNotificationKind.Booked"/> and <see cref="BookingNotificationKind.Rescheduled"/> give <c>METHOD:REQUEST</c>
/// with <c>STATUS:CONFIRMED</c>; <see cref="BookingNotificationKind.Canceled"/> gives <c>METHOD:CANCEL</c> with <c>STATUS:CANCELLED</c>;
/// <see cref="BookingNotificationKind.RefundRequired"/> has no interview and so no invite; <see cref="BookingNotificationKind.Reminder"/> and
/// <see cref="BookingNotificationKind.FeedbackRequest"/> change nothing in a calendar and carry none.</item>
/// <item><c>UID</c> is <c>{interview id}@{domain}</c>: the same for the booking, every reschedule and the cancellation, so a client
/// updates or removes the one event it has. <c>SEQUENCE</c> is <see cref="BookingNotification.Sequence"/> (0 when booked, one more
/// on each change), so a client applies changes in order and ignores stale ones.</item>
/// <item><c>DTSTART</c> and <c>DTEND</c> are written in UTC (<c>20260308T140000Z</c>), never as floating or zone-relative local
/// times: an instant in UTC needs no <c>VTIMEZONE</c>, cannot be misread by a client with other time-zone rules, and each reader's
/// calendar shows it in that reader's own zone, on DST transition days too. <c>DTSTAMP</c> is the time of writing from
/// <see cref="IClock"/>.</item>
/// <item><c>ORGANIZER</c> comes from <see cref="CalendarInviteOptions"/>; the candidate and the interviewer are the two
/// <c>ATTENDEE</c>s (<c>ROLE=REQ-PARTICIPANT</c>, <c>PARTSTAT=NEEDS-ACTION</c>, <c>RSVP=FALSE</c>: the booking is already made).</item>
/// <item><c>DTSTART</c>/<c>DTEND</c> are the interview's current <see cref="ScheduledInterview.Slot"/> (the latest reschedule's).
/// The meeting link, when the scheduler has one, is the event's <c>URL</c> and <c>LOCATION</c>; while it is pending the description
/// says it is to follow, never a placeholder URL.</item>
/// <item><c>SUMMARY</c> and <c>DESCRIPTION</c> name the plan, the add-ons and the two parties, with the meeting link and the interview
/// and payment ids as a reference; nothing else about either party (no reason text, no scores, no time zones).</item>
/// </list>
/// </remarks>
public sealed class CalendarInviteWriter
{
    private readonly CalendarInviteOptions _options;
    private readonly InterviewBookingOptions _bookingOptions;
    private readonly IClock _clock;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">The organizer, product id and UID domain.</param>
    /// <param name="bookingOptions">The plans and add-ons, for their names.</param>
    /// <param name="clock">Stamps each invite (<c>DTSTAMP</c>).</param>
    public CalendarInviteWriter(IOptions<CalendarInviteOptions> options, IOptions<InterviewBookingOptions> bookingOptions, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bookingOptions);
        _options = options.Value;
        _bookingOptions = bookingOptions.Value;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Whether a notification of this kind carries a calendar invite: booked, rescheduled and canceled do; a refund, a reminder and a feedback request do not.</summary>
    public static bool HasInvite(BookingNotificationKind kind) =>
        kind is BookingNotificationKind.Booked or BookingNotificationKind.Rescheduled or BookingNotificationKind.Canceled;

    /// <summary>The <c>UID</c> of every invite about <paramref name="interviewId"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="interviewId"/> is empty.</exception>
    public string UidFor(InterviewId interviewId)
    {
        if (interviewId.IsEmpty)
        {
            throw new ArgumentException("An interview id is required.", nameof(interviewId));
        }

        return $"{interviewId.Value}@{_options.EffectiveUidDomain}";
    }

    /// <summary>Writes the invite for <paramref name="notification"/>, or returns <see langword="null"/> when its kind has none.</summary>
    /// <param name="notification">A notification from the booking flow.</param>
    /// <returns>The invite; <see langword="null"/> for <see cref="BookingNotificationKind.RefundRequired"/>, <see cref="BookingNotificationKind.Reminder"/> and <see cref="BookingNotificationKind.FeedbackRequest"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The notification has no interview, a slot without start or end, or a negative sequence; or its kind is unknown.
    /// </exception>
    public CalendarInvite? Write(BookingNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!HasInvite(notification.Kind))
        {
            return notification.Kind is BookingNotificationKind.RefundRequired or BookingNotificationKind.Reminder or BookingNotificationKind.FeedbackRequest
                ? null
                : throw new ArgumentException($"Unknown notification kind {notification.Kind}.", nameof(notification));
        }

        var interview = notification.Interview
            ?? throw new ArgumentException($"A {notification.Kind} notification needs its Interview (session '{notification.Session.Id}').", nameof(notification));
        var slot = interview.Slot;
        if (!slot.HasStart || !slot.HasEnd || slot.Duration <= NodaTime.Duration.Zero)
        {
            throw new ArgumentException($"Interview '{interview.Id}' has a slot without a start, an end or a length.", nameof(notification));
        }

        if (notification.Sequence < 0)
        {
            throw new ArgumentException($"A notification's Sequence must not be negative; got {notification.Sequence}.", nameof(notification));
        }

        var canceled = notification.Kind == BookingNotificationKind.Canceled;
        var method = canceled ? CalendarInvite.Cancel : CalendarInvite.Request;
        var uid = UidFor(interview.Id);
        var request = interview.Request;

        var calendarEvent = new CalendarEvent
        {
            Uid = uid,
            Sequence = notification.Sequence,
            DtStamp = Utc(_clock.GetCurrentInstant()),
            DtStart = Utc(slot.Start),
            DtEnd = Utc(slot.End),
            Summary = (canceled ? "Canceled: " : string.Empty) + Summary(request),
            Description = Description(interview, notification.Session.Id, canceled),
            Status = canceled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
            Transparency = "OPAQUE",
            Organizer = new Organizer(MailTo(_options.OrganizerEmail)) { CommonName = CleanName(_options.OrganizerName) },
        };
        if (!canceled && interview.MeetingLink is { } link)
        {
            calendarEvent.Url = link;
            calendarEvent.Location = link.AbsoluteUri;
        }

        calendarEvent.Attendees.Add(Attendee(request.CandidateName, request.CandidateEmail));
        calendarEvent.Attendees.Add(Attendee(request.Interviewer.Name, request.Interviewer.Email));

        var calendar = new IcalCalendar { ProductId = _options.ProductId, Method = method };
        calendar.Events.Add(calendarEvent);
        var content = new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException($"The invite for interview '{interview.Id}' could not be written.");
        return new CalendarInvite(method, uid, notification.Sequence, content);
    }

    /// <summary>The plan's name from <see cref="InterviewBookingOptions.Plans"/>, or its id when it is no longer configured.</summary>
    /// <param name="planId">The plan id of a booking.</param>
    public string PlanName(string planId) =>
        _bookingOptions.Plans.FirstOrDefault(p => p.Id == planId) is { Name.Length: > 0 } plan ? plan.Name : planId;

    private string Summary(InterviewScheduleRequest request) =>
        $"{PlanName(request.PlanId)}: {CleanName(request.CandidateName)} with {CleanName(request.Interviewer.Name)}";

    private string Description(ScheduledInterview interview, PaymentSessionId sessionId, bool canceled)
    {
        var request = interview.Request;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{PlanName(request.PlanId)} with {CleanName(request.Interviewer.Name)} (interviewer) and {CleanName(request.CandidateName)} (candidate).\n");
        text.Append(canceled ? "This interview was canceled.\n" : MeetingLinkLine(interview) + "\n");

        if (request.AddOns.Count > 0)
        {
            text.Append("Add-ons: ").AppendJoin(", ", request.AddOns.Select(AddOnText)).Append(".\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Reference: interview {interview.Id}, payment {sessionId}.");
        return text.ToString();
    }

    /// <summary>The meeting link as a line of text, or that it is to follow (never a placeholder URL).</summary>
    /// <param name="interview">The interview.</param>
    public static string MeetingLinkLine(ScheduledInterview interview)
    {
        ArgumentNullException.ThrowIfNull(interview);
        return interview.MeetingLink is { } link ? $"Meeting link: {link.AbsoluteUri}" : "Meeting link: to follow.";
    }

    private string AddOnText(AddOnSelection addOn)
    {
        var name = _bookingOptions.AddOns.FirstOrDefault(a => a.Id == addOn.AddOnId) is { Name.Length: > 0 } offer ? offer.Name : addOn.AddOnId;
        return addOn.Quantity == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name} x{addOn.Quantity}");
    }

    private static Attendee Attendee(string name, string email) => new(MailTo(email))
    {
        CommonName = CleanName(name),
        Role = Ical.Net.ParticipationRole.RequiredParticipant,
        ParticipationStatus = Ical.Net.EventParticipationStatus.NeedsAction,
        Rsvp = false,
    };

    private static CalDateTime Utc(Instant instant) => new(instant.ToDateTimeUtc(), CalDateTime.UtcTzId, hasTime: true);

    private static string MailTo(string email) => "mailto:" + email.Trim();

    /// <summary>
    /// A name as one line of a calendar parameter can carry it: line breaks and other control characters become single spaces,
    /// double quotes become single quotes (RFC 5545 cannot escape a double quote in a parameter).
    /// </summary>
    private static string? CleanName(string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? null
            : string.Join(' ', new string([.. name.Select(c => c == '"' ? '\'' : char.IsControl(c) ? ' ' : c)]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
