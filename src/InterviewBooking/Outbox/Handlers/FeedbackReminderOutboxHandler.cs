using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Reminds the interviewer of written feedback the plan or an add-on promises (<see cref="OutboxKinds.FeedbackReminder"/>), through the
/// registered <see cref="IBookingNotifier"/> as a <see cref="BookingNotificationKind.FeedbackRequest"/>, and writes the next reminder, until the
/// feedback is given or <see cref="InterviewBookingOptions.MaxFeedbackReminders"/> were sent. A reminder due after the feedback was given is skipped.
/// </summary>
internal sealed class FeedbackReminderOutboxHandler(
    IPaymentSessionStore sessions,
    IInterviewStore interviews,
    IOutboxStore outbox,
    IBookingNotifier notifier,
    IOptionsMonitor<InterviewBookingOptions> options,
    IClock clock,
    ILogger<FeedbackReminderOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => OutboxKinds.FeedbackReminder;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = item.Message;
        var session = await SessionOutboxHandlers.LoadAsync(sessions, message, cancellationToken).ConfigureAwait(false);
        if (!message.Data.TryGetValue(OutboxDataKeys.InterviewId, out var interviewText)
            || !message.Data.TryGetValue(OutboxDataKeys.ReminderNumber, out var numberText)
            || !int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new OutboxDeliveryException($"Outbox item '{message.Key}' ({message.Kind}) has no {OutboxDataKeys.InterviewId} or {OutboxDataKeys.ReminderNumber}.", isPermanent: true);
        }

        var interview = await interviews.GetAsync(new InterviewId(interviewText), cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"Outbox item '{message.Key}' names interview '{interviewText}', which does not exist.", isPermanent: true);
        if (interview.Feedback is not null || interview.Status != InterviewStatus.Completed)
        {
            Log.OutboxItemSkipped(_logger, message.Key, interview.Feedback is not null ? "the feedback was given" : $"the interview is {interview.Status}");
            return;
        }

        await notifier.NotifyAsync(
            new BookingNotification(BookingNotificationKind.FeedbackRequest, session, interview) { Sequence = session.InviteSequence, MessageId = message.Key },
            cancellationToken).ConfigureAwait(false);

        var current = options.CurrentValue;
        if (number < current.MaxFeedbackReminders)
        {
            // The next one is keyed by its number: a redelivery of this one writes nothing new.
            await outbox.EnqueueAsync(
                InterviewOutboxMessages.FeedbackReminder(interview, number + 1, clock.GetCurrentInstant() + current.FeedbackReminderInterval),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
