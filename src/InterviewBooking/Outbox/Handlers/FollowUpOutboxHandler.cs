using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Sends a reminder before the interview (<see cref="OutboxKinds.Reminder"/>) or a feedback request after it
/// (<see cref="OutboxKinds.FeedbackRequest"/>) to both parties through the registered <see cref="IBookingNotifier"/>, unless it went stale:
/// the session is no longer booked (canceled, say), it moved to another slot (its invite revision is not the one the message was written
/// for; the reschedule wrote new ones), or a reminder's interview has started.
/// </summary>
internal sealed class FollowUpOutboxHandler : IOutboxHandler
{
    private readonly IPaymentSessionStore _sessions;
    private readonly IInterviewStore _interviews;
    private readonly IBookingNotifier _notifier;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly BookingNotificationKind _notificationKind;

    private FollowUpOutboxHandler(
        string kind, BookingNotificationKind notificationKind, IPaymentSessionStore sessions, IInterviewStore interviews, IBookingNotifier notifier, IClock clock, ILogger? logger)
    {
        Kind = kind;
        _notificationKind = notificationKind;
        _sessions = sessions;
        _interviews = interviews;
        _notifier = notifier;
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Kind { get; }

    /// <summary>The handler of reminders.</summary>
    public static FollowUpOutboxHandler Reminders(IPaymentSessionStore sessions, IInterviewStore interviews, IBookingNotifier notifier, IClock clock, ILogger? logger = null) =>
        new(OutboxKinds.Reminder, BookingNotificationKind.Reminder, sessions, interviews, notifier, clock, logger);

    /// <summary>The handler of feedback requests.</summary>
    public static FollowUpOutboxHandler FeedbackRequests(IPaymentSessionStore sessions, IInterviewStore interviews, IBookingNotifier notifier, IClock clock, ILogger? logger = null) =>
        new(OutboxKinds.FeedbackRequest, BookingNotificationKind.FeedbackRequest, sessions, interviews, notifier, clock, logger);

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = item.Message;
        var session = await SessionOutboxHandlers.LoadAsync(_sessions, message, cancellationToken).ConfigureAwait(false);
        var sequence = SessionOutboxHandlers.ReadSequence(message);
        var stale = session switch
        {
            { Status: not PaymentSessionStatus.Booked } => $"the session is {session.Status}",
            _ when session.InviteSequence != sequence => $"the interview moved (revision {session.InviteSequence}, written for {sequence})",
            { Slot: { } slot } when _notificationKind == BookingNotificationKind.Reminder && _clock.GetCurrentInstant() >= slot.Start => "the interview has started",
            _ => null,
        };
        if (stale is not null)
        {
            Log.OutboxItemSkipped(_logger, message.Key, stale);
            return;
        }

        var interview = session.InterviewId is { IsEmpty: false } interviewId
            ? await _interviews.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            : null;
        await _notifier.NotifyAsync(new BookingNotification(_notificationKind, session, interview) { Sequence = session.InviteSequence, MessageId = message.Key }, cancellationToken)
            .ConfigureAwait(false);
    }
}
