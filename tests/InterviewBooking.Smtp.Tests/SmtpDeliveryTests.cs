using System.Text;
using InterviewBooking.Calendar;
using MimeKit;
using Microsoft.Extensions.DependencyInjection;
using IcalCalendar = Ical.Net.Calendar;

namespace InterviewBooking.Smtp.Tests;

/// <summary>Against the real local SMTP server (see <see cref="TestSmtpServer"/>): what each party receives.</summary>
public class SmtpDeliveryTests
{
    [SkippableFact]
    public async Task A_booking_mails_each_party_one_message_with_the_REQUEST_invite()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);

        var (booking, interview) = await flow.BookAsync();

        var candidate = Assert.Single(server.ReceivedFor(flow.CandidateEmail));
        var interviewer = Assert.Single(server.ReceivedFor(flow.InterviewerEmail));

        // Envelope and headers: one recipient each, from the configured sender.
        Assert.Equal("bookings@acme.example", candidate.MailFrom);
        Assert.Equal([flow.CandidateEmail], candidate.RcptTo);
        Assert.Equal([flow.InterviewerEmail], interviewer.RcptTo);
        Assert.Equal("\"Acme Bookings\" <bookings@acme.example>", candidate.Message.From.ToString());
        Assert.Equal($"\"Casey Jordan\" <{flow.CandidateEmail}>", candidate.Message.To.ToString());
        Assert.Equal($"\"Ada Byron\" <{flow.InterviewerEmail}>", interviewer.Message.To.ToString());
        Assert.Empty(candidate.Message.Cc);
        Assert.Equal(flow.Clock.GetCurrentInstant().ToDateTimeOffset(), candidate.Message.Date);

        // Each party reads the time in a zone it can use: the candidate in theirs, the interviewer in UTC.
        Assert.Equal("Booked: 30-minute mock interview with Ada Byron, Tuesday, 02/06/2026 15:00-15:30 (Europe/London)", candidate.Message.Subject);
        Assert.Equal("Booked: 30-minute mock interview with Casey Jordan, Tuesday, 02/06/2026 14:00-14:30 (UTC)", interviewer.Message.Subject);
        Assert.StartsWith("Hello Casey Jordan,", candidate.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Meeting link: https://meet.acme.example/{interview.Id}\nReference: interview {interview.Id}, payment {booking.Session!.Id}.", candidate.Message.TextBody, StringComparison.Ordinal);

        var candidateInvite = AssertInvite(candidate.Message, "REQUEST");
        var interviewerInvite = AssertInvite(interviewer.Message, "REQUEST");
        Assert.Equal(candidateInvite, interviewerInvite);

        var calendar = IcalCalendar.Load(candidateInvite)!;
        Assert.Equal("REQUEST", calendar.Method);
        var calendarEvent = Assert.Single(calendar.Events);
        Assert.Equal($"{interview.Id}@acme.example", calendarEvent.Uid);
        Assert.Equal(0, calendarEvent.Sequence);
        Assert.Equal("CONFIRMED", calendarEvent.Status);
        Assert.Equal(SmtpFlow.Slot.Start, Instant.FromDateTimeUtc(calendarEvent.DtStart!.AsUtc));
        Assert.Equal(SmtpFlow.Slot.End, Instant.FromDateTimeUtc(calendarEvent.DtEnd!.AsUtc));
        Assert.Equal(new Uri($"https://meet.acme.example/{interview.Id}"), calendarEvent.Url);
        Assert.Equal(new Uri("mailto:interviews@acme.example"), calendarEvent.Organizer!.Value);
        Assert.Equal(
            [new Uri($"mailto:{flow.CandidateEmail}"), new Uri($"mailto:{flow.InterviewerEmail}")],
            calendarEvent.Attendees.Select(a => a.Value));
        Assert.Contains("Add-ons: Written feedback report.", calendarEvent.Description, StringComparison.Ordinal);

        Assert.Equal(2, flow.Logs.WithId(7001).Count);
        Assert.Empty(flow.Logs.WithId(4002));
    }

    [SkippableFact]
    public async Task A_reschedule_sends_an_updated_REQUEST_with_the_same_UID_and_a_higher_SEQUENCE()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);
        var (booking, _) = await flow.BookAsync();

        var moved = new Interval(SmtpFlow.Slot.Start + Duration.FromDays(1), SmtpFlow.Slot.End + Duration.FromDays(1));
        var result = await flow.Changes.RescheduleAsync(booking.Session!.Id, moved);
        Assert.Equal(BookingChangeOutcome.Rescheduled, result.Outcome);
        await flow.DrainOutboxAsync();

        foreach (var address in new[] { flow.CandidateEmail, flow.InterviewerEmail })
        {
            var messages = server.ReceivedFor(address);
            Assert.Equal(2, messages.Count);
            var first = Assert.Single(IcalCalendar.Load(AssertInvite(messages[0].Message, "REQUEST"))!.Events);
            var second = Assert.Single(IcalCalendar.Load(AssertInvite(messages[1].Message, "REQUEST"))!.Events);
            Assert.Equal(first.Uid, second.Uid);
            Assert.Equal(0, first.Sequence);
            Assert.Equal(1, second.Sequence);
            Assert.Equal(moved.Start, Instant.FromDateTimeUtc(second.DtStart!.AsUtc));
            Assert.Equal(moved.End, Instant.FromDateTimeUtc(second.DtEnd!.AsUtc));
        }

        Assert.Equal("Moved: 30-minute mock interview with Ada Byron, now Wednesday, 03/06/2026 15:00-15:30 (Europe/London)",
            server.ReceivedFor(flow.CandidateEmail)[1].Message.Subject);
        Assert.Equal("Moved: 30-minute mock interview with Casey Jordan, now Wednesday, 03/06/2026 14:00-14:30 (UTC)",
            server.ReceivedFor(flow.InterviewerEmail)[1].Message.Subject);
    }

    [SkippableFact]
    public async Task A_cancellation_sends_a_CANCEL_with_the_reason_in_the_text()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);
        var (booking, interview) = await flow.BookAsync();

        var result = await flow.Changes.CancelAsync(booking.Session!.Id, "The candidate canceled 3 days ahead.");
        Assert.Equal(BookingChangeOutcome.Canceled, result.Outcome);
        await flow.DrainOutboxAsync();

        foreach (var address in new[] { flow.CandidateEmail, flow.InterviewerEmail })
        {
            var canceled = server.ReceivedFor(address)[^1].Message;
            Assert.StartsWith("Canceled: 30-minute mock interview", canceled.Subject, StringComparison.Ordinal);
            Assert.Contains("Reason: The candidate canceled 3 days ahead.", canceled.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Meeting link", canceled.TextBody, StringComparison.Ordinal);
            var calendar = IcalCalendar.Load(AssertInvite(canceled, "CANCEL", "cancel.ics"))!;
            Assert.Equal("CANCEL", calendar.Method);
            var calendarEvent = Assert.Single(calendar.Events);
            Assert.Equal($"{interview.Id}@acme.example", calendarEvent.Uid);
            Assert.Equal("CANCELLED", calendarEvent.Status);
            Assert.Equal(1, calendarEvent.Sequence);
            Assert.Equal(SmtpFlow.Slot.Start, Instant.FromDateTimeUtc(calendarEvent.DtStart!.AsUtc));
        }
    }

    [SkippableFact]
    public async Task A_cancellation_without_an_interview_record_still_tells_the_candidate()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);
        var (booking, _) = await flow.BookAsync();

        await flow.Notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Canceled, booking.Session!, null) { Sequence = 1, Reason = "Canceled by support." });

        var notice = server.ReceivedFor(flow.CandidateEmail)[^1].Message;
        Assert.Single(server.ReceivedFor(flow.InterviewerEmail)); // the booking's message only
        Assert.Equal("Canceled: your 30-minute mock interview", notice.Subject);
        Assert.True(Assert.IsType<TextPart>(notice.Body).IsPlain);
        Assert.Contains("your 30-minute mock interview for Tuesday, 02/06/2026 15:00-15:30 (Europe/London) is canceled.\nReason: Canceled by support.", notice.TextBody, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_refund_notice_goes_to_the_candidate_only_and_without_an_invite()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);
        var (booking, _) = await flow.BookAsync();
        var flagged = booking.Session! with { Status = PaymentSessionStatus.RefundRequired, StatusReason = "reservation res_1 taken by res_2" };

        await flow.Notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.RefundRequired, flagged, null) { Reason = flagged.StatusReason });

        var refund = server.ReceivedFor(flow.CandidateEmail)[^1].Message;
        Assert.Single(server.ReceivedFor(flow.InterviewerEmail)); // the booking's message only
        Assert.Equal("Not booked: your 30-minute mock interview will be refunded", refund.Subject);
        var text = Assert.IsType<TextPart>(refund.Body);
        Assert.True(text.IsPlain);
        Assert.Contains("we could not book your 30-minute mock interview for Tuesday, 02/06/2026 15:00-15:30 (Europe/London). Your payment will be refunded", text.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("res_", text.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_reminder_and_a_feedback_request_mail_both_parties_as_text_without_a_calendar_change()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);
        var (booking, interview) = await flow.BookAsync();
        var session = booking.Session!;

        await flow.Notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Reminder, session, interview) { MessageId = $"{session.Id}:reminder:0:60m" });
        await flow.Notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.FeedbackRequest, session, interview) { MessageId = $"{session.Id}:feedback-request:0" });

        var candidate = server.ReceivedFor(flow.CandidateEmail);
        var interviewer = server.ReceivedFor(flow.InterviewerEmail);
        Assert.Equal(3, candidate.Count);
        Assert.Equal(3, interviewer.Count);
        var (reminder, feedback) = (candidate[1].Message, candidate[2].Message);
        Assert.Equal("Reminder: 30-minute mock interview with Ada Byron, Tuesday, 02/06/2026 15:00-15:30 (Europe/London)", reminder.Subject);
        Assert.Equal("Reminder: 30-minute mock interview with Casey Jordan, Tuesday, 02/06/2026 14:00-14:30 (UTC)", interviewer[1].Message.Subject);
        Assert.Equal($"{session.Id}.reminder.0.60m.candidate@acme.example", reminder.MessageId);
        Assert.Contains($"Meeting link: https://meet.acme.example/{interview.Id}", reminder.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("How did it go? 30-minute mock interview with Ada Byron", feedback.Subject, StringComparison.Ordinal);
        Assert.Contains("Tell us how it went", feedback.TextBody, StringComparison.Ordinal);
        foreach (var message in new[] { reminder, feedback, interviewer[1].Message, interviewer[2].Message })
        {
            Assert.True(Assert.IsType<TextPart>(message.Body).IsPlain); // no text/calendar part, no .ics: the calendar event stands as it is
        }
    }

    [SkippableFact]
    public async Task Every_resend_of_one_notification_carries_the_same_Message_ID_per_party()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(server.Configure);
        var (booking, interview) = await flow.BookAsync();
        var item = Assert.Single(await flow.Services.GetRequiredService<IOutboxStore>().ListBySessionAsync(booking.Session!.Id), i => i.Message.Kind == OutboxKinds.Notification);
        Assert.Equal(OutboxItemStatus.Completed, item.Status);

        // A redelivery of the same outbox item (a worker that died after sending, say) sends the same identity again.
        await flow.Notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Booked, booking.Session, interview) { MessageId = item.Message.Key });

        var candidate = server.ReceivedFor(flow.CandidateEmail);
        var interviewer = server.ReceivedFor(flow.InterviewerEmail);
        Assert.Equal(2, candidate.Count);
        Assert.Equal($"{booking.Session.Id}.notification.booked.0.candidate@acme.example", candidate[0].Message.MessageId);
        Assert.Equal(candidate[0].Message.MessageId, candidate[1].Message.MessageId);
        Assert.Equal($"{booking.Session.Id}.notification.booked.0.interviewer@acme.example", interviewer[0].Message.MessageId);
        Assert.Equal(interviewer[0].Message.MessageId, interviewer[1].Message.MessageId);
    }

    [SkippableFact]
    public async Task Credentials_are_used_when_set()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(o => server.ConfigureLogin(o, TestSmtpServer.Password));

        await flow.BookAsync();

        Assert.Single(server.ReceivedFor(flow.CandidateEmail));
        Assert.Single(server.ReceivedFor(flow.InterviewerEmail));
    }

    [SkippableFact]
    public async Task A_refused_login_is_not_retried_and_the_booking_stands()
    {
        var server = TestSmtpServer.Require();
        await using var flow = new SmtpFlow(o =>
        {
            server.ConfigureLogin(o, "wrong-password-123");
            o.MaxAttempts = 5;
        });

        var (booking, _) = await flow.BookAsync();

        Assert.Equal(PaymentSessionStatus.Booked, booking.Session!.Status);
        Assert.Empty(server.ReceivedFor(flow.CandidateEmail));
        Assert.Empty(flow.Logs.WithId(7002)); // no retry
        Assert.Equal(2, flow.Logs.WithId(7003).Count);
        Assert.All(flow.Logs.WithId(7003), e => Assert.Contains("after 1 attempt(s) (AuthenticationException)", e.Message, StringComparison.Ordinal));
        var failed = Assert.Single(flow.Logs.WithId(4002));
        Assert.IsType<SmtpNotificationException>(failed.Exception);
        Assert.DoesNotContain(flow.Logs.Entries, e => e.Message.Contains("wrong-password", StringComparison.Ordinal) || (e.Exception?.ToString().Contains("wrong-password", StringComparison.Ordinal) ?? false));
    }

    [SkippableFact]
    public async Task A_dropped_connection_is_retried_and_both_messages_arrive()
    {
        var server = TestSmtpServer.Require();
        await using var proxy = new DroppingProxy(server.Host, server.Port, dropFirst: 2);
        await using var flow = new SmtpFlow(o =>
        {
            server.Configure(o);
            o.Port = proxy.Port;
            o.MaxAttempts = 3;
        });

        var (booking, _) = await flow.BookAsync();

        Assert.Equal(PaymentSessionStatus.Booked, booking.Session!.Status);
        Assert.Single(server.ReceivedFor(flow.CandidateEmail));
        Assert.Single(server.ReceivedFor(flow.InterviewerEmail));
        var retries = flow.Logs.WithId(7002);
        Assert.Equal(2, retries.Count);
        Assert.All(retries, e => Assert.Contains("Candidate", e.Message, StringComparison.Ordinal));
        Assert.Contains(flow.Logs.WithId(7001), e => e.Message.Contains("to the Candidate (attempt 3)", StringComparison.Ordinal));
        Assert.Contains(flow.Logs.WithId(7001), e => e.Message.Contains("to the Interviewer (attempt 1)", StringComparison.Ordinal));
        Assert.Equal(3, proxy.Connections); // two dropped, then one connection for both messages
        Assert.Empty(flow.Logs.WithId(4002));
    }

    /// <summary>
    /// Checks the invite's two forms: a <c>text/calendar; method=…</c> alternative to the text (what calendar-aware clients show)
    /// and an <c>.ics</c> attachment with the same bytes; returns the iCalendar text.
    /// </summary>
    private static string AssertInvite(MimeMessage message, string method, string fileName = "invite.ics")
    {
        var mixed = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        Assert.Equal(2, mixed.Count);

        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(2, alternative.Count);
        Assert.True(Assert.IsType<TextPart>(alternative[0]).IsPlain);
        var calendarPart = Assert.IsType<TextPart>(alternative[1]);
        Assert.Equal(CalendarInvite.MediaType, calendarPart.ContentType.MimeType);
        Assert.Equal(method, calendarPart.ContentType.Parameters["method"]);
        Assert.Equal("utf-8", calendarPart.ContentType.Charset, ignoreCase: true);

        var attachment = Assert.IsType<MimePart>(mixed[1]);
        Assert.True(attachment.IsAttachment);
        Assert.Equal("application/ics", attachment.ContentType.MimeType);
        Assert.Equal(fileName, attachment.FileName);
        var calendarText = Decoded(calendarPart);
        Assert.Equal(calendarText, Decoded(attachment));

        // The bytes on the wire keep iCalendar's CRLF line endings (MimeKit's TextPart.Text would show them as LF).
        Assert.StartsWith("BEGIN:VCALENDAR\r\nMETHOD:" + method + "\r\n", calendarText, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", calendarText, StringComparison.Ordinal);
        return calendarText;
    }

    private static string Decoded(MimePart part)
    {
        using var bytes = new MemoryStream();
        Assert.NotNull(part.Content);
        part.Content.DecodeTo(bytes);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
