using System.Globalization;

namespace InterviewBooking;

/// <summary>
/// The outbox messages a payment session change writes with itself, keyed so that a repeat of the same change writes nothing new
/// (a key is the session id, the kind, and what makes the effect distinct: the invite revision, the reminder's offset).
/// </summary>
internal static class SessionOutboxMessages
{
    /// <summary>The refund a session is owed: <paramref name="amount"/>, what was captured (or the policy's share of it).</summary>
    public static OutboxMessage Refund(PaymentSessionId sessionId, Instant at, Money amount, string? reason)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OutboxDataKeys.AmountMinorUnits] = amount.MinorUnits.ToString(CultureInfo.InvariantCulture),
            [OutboxDataKeys.Currency] = amount.Currency,
        };
        if (reason is not null)
        {
            data[OutboxDataKeys.Reason] = reason;
        }

        return new OutboxMessage(sessionId.Value + ":" + OutboxKinds.Refund, OutboxKinds.Refund, at) { SessionId = sessionId, Data = data };
    }

    /// <summary>The refund a cancellation's policy decided, when there is one to make.</summary>
    public static IReadOnlyList<OutboxMessage> CancellationRefund(PaymentSessionId sessionId, Instant at, RefundDecision refund) =>
        refund.Amount.MinorUnits > 0 ? [Refund(sessionId, at, refund.Amount, refund.Policy)] : [];

    /// <summary>
    /// The full refund after the interviewer canceled or did not show, due at the end of the window in which the candidate may choose a free
    /// rebooking instead (<see cref="OutboxDataKeys.RebookingOffered"/>): the refund handler closes that choice before it refunds.
    /// </summary>
    public static IReadOnlyList<OutboxMessage> RebookableRefund(PaymentSessionId sessionId, Instant dueAt, RefundDecision refund)
    {
        if (refund.Amount.MinorUnits <= 0)
        {
            return [];
        }

        var message = Refund(sessionId, dueAt, refund.Amount, refund.Policy);
        var data = new Dictionary<string, string>(message.Data, StringComparer.Ordinal) { [OutboxDataKeys.RebookingOffered] = "true" };
        return [message with { Data = data }];
    }

    /// <summary>Expiring the provider's checkout of a session whose hold ended.</summary>
    public static OutboxMessage CheckoutExpiry(PaymentSessionId sessionId, Instant at) =>
        new(sessionId.Value + ":" + OutboxKinds.CheckoutExpiry, OutboxKinds.CheckoutExpiry, at) { SessionId = sessionId };

    /// <summary>
    /// The reminders (one per offset before the start, those not already past at <paramref name="now"/>) and the feedback request
    /// (after the end) for the interview at <paramref name="slot"/> in invite revision <paramref name="sequence"/>.
    /// </summary>
    public static IReadOnlyList<OutboxMessage> FollowUps(PaymentSessionId sessionId, Interval slot, int sequence, Instant now, InterviewBookingOptions options)
    {
        var messages = new List<OutboxMessage>();
        var revision = sequence.ToString(CultureInfo.InvariantCulture);
        foreach (var offset in options.ReminderOffsets.Distinct())
        {
            var due = slot.Start - offset;
            if (due <= now)
            {
                continue; // booked or moved too close to the start for this reminder
            }

            var minutes = ((long)offset.TotalMinutes).ToString(CultureInfo.InvariantCulture);
            messages.Add(new OutboxMessage($"{sessionId.Value}:{OutboxKinds.Reminder}:{revision}:{minutes}m", OutboxKinds.Reminder, due)
            {
                SessionId = sessionId,
                Data = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [OutboxDataKeys.Sequence] = revision,
                    [OutboxDataKeys.OffsetMinutes] = minutes,
                },
            });
        }

        messages.Add(new OutboxMessage($"{sessionId.Value}:{OutboxKinds.FeedbackRequest}:{revision}", OutboxKinds.FeedbackRequest, slot.End + options.FeedbackRequestDelay)
        {
            SessionId = sessionId,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Sequence] = revision },
        });
        return messages;
    }
}
