using System.Text;
using InterviewBooking.Calendar;

namespace InterviewBooking.Sample.Web;

/// <summary>
/// <c>GET /manage/{id}/invite.ics</c>: the booking's current calendar invite, the same RFC 5545 text the notifications carry
/// (a <c>REQUEST</c> at its latest revision, or the <c>CANCEL</c> once canceled), for the candidate to add to a calendar.
/// </summary>
internal static class InviteDownload
{
    public static async Task<IResult> GetAsync(
        string id, HttpContext context, IPaymentSessionStore sessions, IInterviewStore interviews, CalendarInviteWriter writer, CancellationToken cancellationToken)
    {
        var session = await OwnedSession.FindAsync(context, sessions, id, cancellationToken);
        var interview = session?.InterviewId is { IsEmpty: false } interviewId ? await interviews.GetAsync(interviewId, cancellationToken) : null;
        if (session is null || interview is null)
        {
            return Results.NotFound();
        }

        var kind = interview.Status == InterviewStatus.Canceled ? BookingNotificationKind.Canceled
            : interview.Sequence > 0 ? BookingNotificationKind.Rescheduled
            : BookingNotificationKind.Booked;
        var invite = writer.Write(new BookingNotification(kind, session, interview) { Sequence = interview.Sequence })!;
        return Results.File(Encoding.UTF8.GetBytes(invite.Content), CalendarInvite.MediaType + "; charset=utf-8", invite.FileName);
    }
}
