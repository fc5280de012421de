using System.Globalization;
using System.Text;
using InterviewBooking.Calendar;
using MimeKit;
using MimeKit.Utils;

namespace InterviewBooking.Smtp;

/// <summary>
/// Writes the messages of one notification: one to each party. Each invite-carrying message is <c>multipart/mixed</c> holding a
/// <c>multipart/alternative</c> (the text, then the invite as <c>text/calendar; method=REQUEST|CANCEL</c>, which calendar-aware
/// clients show as an invitation) and the same invite as an <c>.ics</c> attachment (<c>application/ics</c>) for the others.
/// </summary>
internal sealed class BookingMessages(SmtpNotifierOptions options, CalendarInviteWriter invites, IClock clock)
{
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    /// <summary>
    /// The messages, one per party. With a <see cref="BookingNotification.MessageId"/> (an outbox item's key), each message's
    /// <c>Message-ID</c> is derived from it and the recipient, so every resend of one notification carries the same one.
    /// </summary>
    public IReadOnlyList<(NotificationRecipient Recipient, MimeMessage Message)> Create(BookingNotification notification)
    {
        var messages = CreateMessages(notification);
        if (notification.MessageId is { Length: > 0 } stable)
        {
            foreach (var (recipient, message) in messages)
            {
                message.MessageId = StableMessageId(stable, recipient, options.FromAddress[(options.FromAddress.LastIndexOf('@') + 1)..]);
            }
        }

        return messages;
    }

    /// <summary>
    /// A <c>Message-ID</c> (without angle brackets) for one party's message of a notification: the notification's id, with anything but
    /// letters, digits, <c>-</c> and <c>_</c> turned into dots, the recipient, and the sender's domain, e.g.
    /// <c>ps_123.notification.booked.0.candidate@example.com</c>.
    /// </summary>
    internal static string StableMessageId(string messageId, NotificationRecipient recipient, string domain)
    {
        var local = new StringBuilder(messageId.Length + 12);
        foreach (var c in messageId)
        {
            local.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '.');
        }

        local.Append('.').Append(recipient.ToString().ToLowerInvariant());
        return $"{local}@{domain}";
    }

    private IReadOnlyList<(NotificationRecipient Recipient, MimeMessage Message)> CreateMessages(BookingNotification notification)
    {
        if (notification.Kind == BookingNotificationKind.RefundRequired)
        {
            return [(NotificationRecipient.Candidate, CandidateOnlyMessage(notification, "Not booked: your {0} will be refunded",
                "we could not book your {0}{1}. Your payment will be refunded; there is nothing you need to do."))];
        }

        if (notification is { Kind: BookingNotificationKind.Canceled, Interview: null })
        {
            // No interview record, so no UID to cancel in a calendar: the candidate still hears of it.
            return [(NotificationRecipient.Candidate, CandidateOnlyMessage(notification, "Canceled: your {0}",
                "your {0}{1} is canceled."))];
        }

        var followUp = notification.Kind is BookingNotificationKind.Reminder or BookingNotificationKind.FeedbackRequest;
        if (followUp && notification.Interview is null)
        {
            return [(NotificationRecipient.Candidate, CandidateOnlyMessage(notification,
                notification.Kind == BookingNotificationKind.Reminder ? "Reminder: your {0}" : "How did it go? Your {0}",
                notification.Kind == BookingNotificationKind.Reminder ? "a reminder of your {0}{1}." : "thank you for your {0}{1}. Tell us how it went by replying to this message."))];
        }

        // A reminder and a feedback request change nothing in a calendar: text only, no invite.
        var invite = followUp
            ? null
            : invites.Write(notification) ?? throw new ArgumentException($"Unknown notification kind {notification.Kind}.", nameof(notification));
        var interview = notification.Interview!;
        var request = interview.Request;
        var plan = OneLine(invites.PlanName(request.PlanId));
        var (candidate, interviewer) = (OneLine(request.CandidateName), OneLine(request.Interviewer.Name));
        var zone = request.CandidateTimeZone;
        var slot = interview.Slot;
        var reference = (notification.Kind is BookingNotificationKind.Canceled or BookingNotificationKind.FeedbackRequest ? string.Empty : CalendarInviteWriter.MeetingLinkLine(interview) + "\n")
            + $"Reference: interview {interview.Id}, payment {notification.Session.Id}.";

        return
        [
            (NotificationRecipient.Candidate, Message(candidate, request.CandidateEmail,
                Subject(notification.Kind, plan, interviewer, When(slot, zone)),
                Body(notification, candidate, plan, interviewer, When(slot, zone), reference),
                invite)),
            (NotificationRecipient.Interviewer, Message(interviewer, request.Interviewer.Email,
                Subject(notification.Kind, plan, candidate, When(slot, Utc)),
                Body(notification, interviewer, plan, candidate, When(slot, Utc), reference),
                invite)),
        ];
    }

    /// <summary>The slot as a person reads it: <c>Monday, 08/03/2026 10:00-10:30 (America/New_York)</c>.</summary>
    private static string When(Interval slot, DateTimeZone zone) => $"{SlotText.Format(slot, zone)} ({zone.Id})";

    private static string Subject(BookingNotificationKind kind, string plan, string otherParty, string when) => kind switch
    {
        BookingNotificationKind.Booked => $"Booked: {plan} with {otherParty}, {when}",
        BookingNotificationKind.Rescheduled => $"Moved: {plan} with {otherParty}, now {when}",
        BookingNotificationKind.Reminder => $"Reminder: {plan} with {otherParty}, {when}",
        BookingNotificationKind.FeedbackRequest => $"How did it go? {plan} with {otherParty}, {when}",
        _ => $"Canceled: {plan} with {otherParty}, {when}",
    };

    private static string Body(BookingNotification notification, string name, string plan, string otherParty, string when, string reference)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {name},\n\n");
        text.Append(notification.Kind switch
        {
            BookingNotificationKind.Booked => $"your {plan} with {otherParty} is booked for {when}.\n",
            BookingNotificationKind.Rescheduled => $"your {plan} with {otherParty} has moved to {when}.\n",
            BookingNotificationKind.Reminder => $"a reminder: your {plan} with {otherParty} is on {when}.\n",
            BookingNotificationKind.FeedbackRequest => $"thank you for your {plan} with {otherParty} on {when}. Tell us how it went by replying to this message.\n",
            _ => $"your {plan} with {otherParty} on {when} is canceled.\n",
        });
        text.Append(ReasonLine(notification));
        text.Append(notification.Kind switch
        {
            BookingNotificationKind.Canceled => "The attached calendar update removes it from your calendar.\n",
            BookingNotificationKind.Reminder or BookingNotificationKind.FeedbackRequest => string.Empty, // nothing changes in the calendar
            _ => "The calendar invite is attached; your calendar shows it in your own time zone.\n",
        });
        return text.Append('\n').Append(reference).Append('\n').ToString();
    }

    /// <summary>A text-only message to the candidate from the session alone; <c>{0}</c> is the plan, <c>{1}</c> " for" the slot.</summary>
    private MimeMessage CandidateOnlyMessage(BookingNotification notification, string subject, string sentence)
    {
        var session = notification.Session;
        var plan = OneLine(invites.PlanName(session.PlanId));
        var when = session.Slot is { HasStart: true, HasEnd: true } slot ? $" for {When(slot, session.CandidateTimeZone)}" : string.Empty;
        var body = $"Hello {OneLine(session.CandidateName)},\n\n"
            + string.Format(CultureInfo.InvariantCulture, sentence, plan, when) + "\n"
            + ReasonLine(notification)
            + $"\nReference: payment {session.Id}.\n";
        return Message(OneLine(session.CandidateName), session.CandidateEmail, string.Format(CultureInfo.InvariantCulture, subject, plan), body, invite: null);
    }

    /// <summary>A cancellation's reason as a line of text (written for people by whoever canceled); nothing for other kinds.</summary>
    private static string ReasonLine(BookingNotification notification) =>
        notification.Kind == BookingNotificationKind.Canceled && !string.IsNullOrWhiteSpace(notification.Reason)
            ? $"Reason: {OneLine(notification.Reason)}\n"
            : string.Empty;

    /// <summary>Text from booking data as one line: control characters (line breaks) become single spaces.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private MimeMessage Message(string name, string email, string subject, string body, CalendarInvite? invite)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            Date = clock.GetCurrentInstant().ToDateTimeOffset(),
            MessageId = MimeUtils.GenerateMessageId(options.FromAddress[(options.FromAddress.LastIndexOf('@') + 1)..]),
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(name, email));

        var text = new TextPart("plain");
        text.SetText(Encoding.UTF8, body);
        if (invite is null)
        {
            message.Body = text;
            return message;
        }

        var calendar = new TextPart("calendar") { ContentTransferEncoding = ContentEncoding.Base64 };
        calendar.SetText(Encoding.UTF8, invite.Content);
        calendar.ContentType.Parameters.Add("method", invite.Method);

        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(invite.Content))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = invite.FileName,
        };

        message.Body = new Multipart("mixed") { new MultipartAlternative { text, calendar }, attachment };
        return message;
    }
}
