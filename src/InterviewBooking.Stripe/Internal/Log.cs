using Microsoft.Extensions.Logging;

namespace InterviewBooking.Stripe.Internal;

/// <summary>The Stripe adapter's log messages; event ids are stable (5xxx). Ids only: no secrets, signatures, bodies or personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Stripe checkout {CheckoutId} created for session {SessionId}, expiring at {ExpiresAt}.")]
    public static partial void CheckoutCreated(ILogger logger, PaymentSessionId sessionId, string checkoutId, Instant expiresAt);

    [LoggerMessage(5002, LogLevel.Warning, "Stripe webhook rejected ({Rejection}), event {EventId}: {Detail}")]
    public static partial void WebhookRejected(ILogger logger, StripeWebhookRejection? rejection, string? eventId, string detail);

    [LoggerMessage(5003, LogLevel.Information, "Stripe event {EventId} ({EventType}) for session {SessionId}: {Status} ({Outcome}).")]
    public static partial void WebhookHandled(ILogger logger, string? eventId, string? eventType, PaymentSessionId? sessionId, StripeWebhookStatus status, PaymentEventOutcome? outcome);

    [LoggerMessage(5004, LogLevel.Warning, "Stripe event {EventId}: checkout {CheckoutId} disagrees with the stored payment session on {Field}; rejected, the stored session stands.")]
    public static partial void CheckoutInconsistent(ILogger logger, string eventId, string checkoutId, string field);

    [LoggerMessage(5005, LogLevel.Information, "Stripe event {EventId} for session {SessionId} answered retry-later: {Why}.")]
    public static partial void RetryLater(ILogger logger, string eventId, PaymentSessionId sessionId, string why);

    [LoggerMessage(5006, LogLevel.Information, "Session {SessionId}: payment {PaymentIntentId} refunded (refund {RefundId}, {Status}).")]
    public static partial void Refunded(ILogger logger, PaymentSessionId sessionId, string paymentIntentId, string? refundId, string status);

    [LoggerMessage(5008, LogLevel.Information, "Stripe event {EventId}: checkout {CheckoutId} was not created by InterviewBooking; ignored.")]
    public static partial void ForeignCheckout(ILogger logger, string eventId, string checkoutId);

    [LoggerMessage(5009, LogLevel.Information, "Session {SessionId} canceled before payment; checkout {CheckoutId} expired and the hold released.")]
    public static partial void CheckoutCanceled(ILogger logger, PaymentSessionId sessionId, string? checkoutId);

    [LoggerMessage(5010, LogLevel.Error, "Stripe event {EventId} ({EventType}) could not be processed; answered retry-later so Stripe delivers it again.")]
    public static partial void ProcessingFailed(ILogger logger, Exception exception, string eventId, string eventType);

    [LoggerMessage(5011, LogLevel.Warning, "Stripe event {EventId} was processed but could not be recorded in the inbox; a redelivery will be processed again (safely).")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(5020, LogLevel.Warning, "Stripe refused to expire the checkout of session {SessionId}, which is {CheckoutStatus}.")]
    public static partial void ExpireRefused(ILogger logger, Exception exception, PaymentSessionId sessionId, string? checkoutStatus);

    [LoggerMessage(5012, LogLevel.Information, "Stripe transfer {TransferId} of {Amount} to {Account} for interview {InterviewId}, from charge {ChargeId}.")]
    public static partial void Transferred(ILogger logger, InterviewId interviewId, string transferId, Money amount, string account, string chargeId);

    [LoggerMessage(5013, LogLevel.Warning, "Stripe transfer {TransferId} of interview {InterviewId} reversed: {ReversalId}.")]
    public static partial void TransferReversed(ILogger logger, InterviewId interviewId, string transferId, string reversalId);

    [LoggerMessage(5014, LogLevel.Information, "Stripe event {EventId} ({EventType}): dispute {DisputeId} of session {SessionId} is {Status}.")]
    public static partial void DisputeReceived(ILogger logger, string eventId, string eventType, string disputeId, PaymentSessionId sessionId, DisputeStatus status);
}
