using Microsoft.Extensions.Logging;

namespace InterviewBooking;

/// <summary>The log messages of payouts and disputes (event ids 45xx). Ids and amounts only, no personal data.</summary>
internal static partial class PayoutLog
{
    [LoggerMessage(4501, LogLevel.Information, "Payout of interview {InterviewId} recorded: {Amount} to {InterviewerId}, {Status}, due {DueAt}.")]
    public static partial void Recorded(ILogger logger, InterviewId interviewId, Money amount, InterviewerId interviewerId, PayoutStatus status, Instant dueAt);

    [LoggerMessage(4502, LogLevel.Information, "Payout of interview {InterviewId} paid: transfer {TransferId} of {Amount}.")]
    public static partial void Paid(ILogger logger, InterviewId interviewId, string transferId, Money amount);

    [LoggerMessage(4503, LogLevel.Information, "Payout of interview {InterviewId} canceled: {Reason}.")]
    public static partial void Canceled(ILogger logger, InterviewId interviewId, string reason);

    [LoggerMessage(4504, LogLevel.Information, "Dispute {DisputeId} of session {SessionId} is {Status}; payout {PayoutStatus}.")]
    public static partial void DisputeApplied(ILogger logger, string disputeId, PaymentSessionId sessionId, DisputeStatus status, PayoutStatus? payoutStatus);

    [LoggerMessage(4505, LogLevel.Warning, "Payout of interview {InterviewId} reversed: reversal {ReversalId} of transfer {TransferId} (a dispute was lost after it was paid).")]
    public static partial void Reversed(ILogger logger, InterviewId interviewId, string reversalId, string transferId);

    [LoggerMessage(4506, LogLevel.Information, "Outbox item {Key}: payout of interview {InterviewId} is {Status}; nothing to do.")]
    public static partial void Skipped(ILogger logger, string key, InterviewId interviewId, PayoutStatus status);
}
