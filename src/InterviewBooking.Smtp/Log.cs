using Microsoft.Extensions.Logging;

namespace InterviewBooking.Smtp;

/// <summary>The SMTP package's log messages; event ids are stable (7xxx). Ids, roles and error kinds only: no addresses, names or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "{Kind} notification for session {SessionId} sent to the {Recipient} (attempt {Attempt}).")]
    public static partial void Sent(ILogger logger, BookingNotificationKind kind, PaymentSessionId sessionId, NotificationRecipient recipient, int attempt);

    [LoggerMessage(7002, LogLevel.Warning, "{Kind} notification for session {SessionId} to the {Recipient}: attempt {Attempt} of {MaxAttempts} failed ({Error}); retrying in {Delay}.")]
    public static partial void AttemptFailed(ILogger logger, BookingNotificationKind kind, PaymentSessionId sessionId, NotificationRecipient recipient, int attempt, int maxAttempts, string error, Duration delay);

    [LoggerMessage(7003, LogLevel.Error, "{Kind} notification for session {SessionId} to the {Recipient} not sent after {Attempts} attempt(s) ({Error}).")]
    public static partial void NotSent(ILogger logger, BookingNotificationKind kind, PaymentSessionId sessionId, NotificationRecipient recipient, int attempts, string error);
}
