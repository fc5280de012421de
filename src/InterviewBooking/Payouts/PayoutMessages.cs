namespace InterviewBooking;

/// <summary>
/// The outbox messages of payouts, keyed by interview so a repeat writes nothing new: the payment at the hold-back's end, the payment again
/// after a dispute released the payout, and the reversal after a dispute lost once paid.
/// </summary>
internal static class PayoutMessages
{
    /// <summary>Paying the payout when it is due (<see cref="Payout.DueAt"/>).</summary>
    public static OutboxMessage Pay(Payout payout) => Message(payout, OutboxKinds.Payout, payout.InterviewId.Value + ":" + OutboxKinds.Payout, payout.DueAt, null);

    /// <summary>Paying the payout after <paramref name="disputeId"/> closed in the platform's favour: at once, or when due if later.</summary>
    public static OutboxMessage PayAfterDispute(Payout payout, string disputeId, Instant now) =>
        Message(payout, OutboxKinds.Payout, $"{payout.InterviewId.Value}:{OutboxKinds.Payout}:released:{disputeId}", payout.DueAt > now ? payout.DueAt : now, disputeId);

    /// <summary>Reversing the paid payout's transfer after <paramref name="disputeId"/> was lost.</summary>
    public static OutboxMessage Reverse(Payout payout, string disputeId, Instant now) =>
        Message(payout, OutboxKinds.PayoutReversal, payout.InterviewId.Value + ":" + OutboxKinds.PayoutReversal, now, disputeId);

    /// <summary>The provider idempotency key of the payout's one transfer, whichever message delivers it.</summary>
    public static string TransferKey(InterviewId interviewId) => interviewId.Value + ":transfer";

    /// <summary>The provider idempotency key of the payout's one reversal.</summary>
    public static string ReversalKey(InterviewId interviewId) => interviewId.Value + ":transfer-reversal";

    /// <summary>The interview a payout message names.</summary>
    /// <exception cref="OutboxDeliveryException">Permanent: the message names none.</exception>
    public static InterviewId InterviewOf(OutboxMessage message) =>
        message.Data.TryGetValue(OutboxDataKeys.InterviewId, out var id) && !string.IsNullOrWhiteSpace(id)
            ? new InterviewId(id)
            : throw new OutboxDeliveryException($"Outbox item '{message.Key}' ({message.Kind}) names no interview.", isPermanent: true);

    private static OutboxMessage Message(Payout payout, string kind, string key, Instant due, string? disputeId)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.InterviewId] = payout.InterviewId.Value };
        if (disputeId is not null)
        {
            data[OutboxDataKeys.DisputeId] = disputeId;
        }

        return new OutboxMessage(key, kind, due) { SessionId = payout.SessionId, Data = data };
    }
}
