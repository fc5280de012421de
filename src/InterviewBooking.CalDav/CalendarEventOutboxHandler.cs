using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IcalCalendar = Ical.Net.Calendar;

namespace InterviewBooking.CalDav;

/// <summary>
/// Delivers <see cref="CalendarEventMessages.Kind"/> items: writes the session's interview into the interviewer's calendar when it is
/// booked (a reschedule replaces it), deletes it otherwise. It writes the session's state as the store has it now, so a retried or
/// late item never brings back an older slot. The event's <c>UID</c> is one of its own, <c>{session}.calendar{OwnUidSuffix}</c>, not the
/// emailed invite's: a mail client that imported the invite into the same calendar holds that UID, and a second resource with it
/// would be refused (<c>no-uid-conflict</c>). Both end with <see cref="CalDavOptions.OwnUidSuffix"/> when it is the invites' UID
/// domain, so neither counts as busy time (the reservation does). A refused login or a missing calendar dead-letters the item;
/// an unreachable server is retried by the worker.
/// </summary>
internal sealed class CalendarEventOutboxHandler(
    IPaymentSessionStore sessions,
    ICalDavConnectionResolver resolver,
    CalDavClient client,
    IOptionsMonitor<CalDavOptions> options,
    ILogger<CalendarEventOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => CalendarEventMessages.Kind;

    /// <summary>The event's UID for a session.</summary>
    public static string UidOf(PaymentSessionId session, string ownUidSuffix) => $"{session.Value}.calendar{ownUidSuffix}";

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Message.SessionId is not { } sessionId
            || await sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { InterviewerId: { } interviewer } session
            || await resolver.ResolveAsync(interviewer, cancellationToken).ConfigureAwait(false) is not { } connection)
        {
            return; // nothing to write: no session, no interviewer, or no calendar
        }

        var name = sessionId.Value!;
        try
        {
            if (session.Status == PaymentSessionStatus.Booked && session.Slot is { } slot)
            {
                await client.PutEventAsync(connection, name, Serialize(session, slot, options.CurrentValue.OwnUidSuffix), cancellationToken).ConfigureAwait(false);
                Log.EventWritten(_logger, sessionId, interviewer);
            }
            else
            {
                await client.DeleteEventAsync(connection, name, cancellationToken).ConfigureAwait(false);
                Log.EventDeleted(_logger, sessionId, interviewer);
            }
        }
        catch (CalDavException e) when (e.Reason != CalDavFailure.Unreachable)
        {
            throw new OutboxDeliveryException($"The calendar of interviewer {interviewer} refused the write ({e.Reason}): {e.Message}", isPermanent: true);
        }
    }

    private static string Serialize(PaymentSession session, Interval slot, string ownUidSuffix)
    {
        var calendar = new IcalCalendar { ProductId = "-//InterviewBooking//CalDAV write-back//EN" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = UidOf(session.Id, ownUidSuffix),
            DtStamp = new CalDateTime(session.UpdatedAt.ToDateTimeUtc()),
            DtStart = new CalDateTime(slot.Start.ToDateTimeUtc()),
            DtEnd = new CalDateTime(slot.End.ToDateTimeUtc()),
            Sequence = session.InviteSequence,
            Summary = $"Interview with {PlainTextOf(session.CandidateName)}",
            Transparency = "OPAQUE",
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("The calendar event could not be serialized.");
    }

    private static string PlainTextOf(string text) => new([.. text.Where(c => !char.IsControl(c))]);
}
