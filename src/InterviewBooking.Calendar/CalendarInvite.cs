namespace InterviewBooking.Calendar;

/// <summary>An iCalendar (RFC 5545) invite for one interview, ready to attach to a message or save as a file.</summary>
/// <param name="Method">The iCalendar method: <see cref="Request"/> (booked or rescheduled) or <see cref="Cancel"/> (canceled).</param>
/// <param name="Uid">The event's <c>UID</c>, the same for every invite about one interview.</param>
/// <param name="Sequence">The event's <c>SEQUENCE</c>, the notification's revision.</param>
/// <param name="Content">The iCalendar text (CRLF line endings, folded lines), to be sent as UTF-8.</param>
public sealed record CalendarInvite(string Method, string Uid, int Sequence, string Content)
{
    /// <summary>The <c>METHOD</c> of an invite for a booking or a reschedule.</summary>
    public const string Request = "REQUEST";

    /// <summary>The <c>METHOD</c> of an invite for a cancellation.</summary>
    public const string Cancel = "CANCEL";

    /// <summary>The media type of an iCalendar body; add <c>method=</c><see cref="Method"/> to it when mailing the invite.</summary>
    public const string MediaType = "text/calendar";

    /// <summary>A file name for the invite as an attachment or a saved file.</summary>
    public string FileName => Method == Cancel ? "cancel.ics" : "invite.ics";
}
