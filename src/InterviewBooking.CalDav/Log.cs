using Microsoft.Extensions.Logging;

namespace InterviewBooking.CalDav;

/// <summary>The CalDAV package's log messages; event ids are stable (8xxx). Interviewer ids, calendar URLs and failure kinds only: never credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Debug, "Calendar of interviewer {InterviewerId} read: {Count} busy span(s).")]
    public static partial void Read(ILogger logger, InterviewerId interviewerId, int count);

    [LoggerMessage(8002, LogLevel.Warning, "Calendar of interviewer {InterviewerId} at {CalendarUrl} could not be read ({Reason}); their slots are treated as {Treatment}.")]
    public static partial void ReadFailed(ILogger logger, InterviewerId interviewerId, Uri calendarUrl, CalDavFailure reason, CalDavFailureMode treatment, Exception exception);

    [LoggerMessage(8003, LogLevel.Warning, "Background refresh of the calendar of interviewer {InterviewerId} failed.")]
    public static partial void RefreshFailed(ILogger logger, InterviewerId interviewerId, Exception exception);

    [LoggerMessage(8004, LogLevel.Information, "Interview of session {SessionId} written into the calendar of interviewer {InterviewerId}.")]
    public static partial void EventWritten(ILogger logger, PaymentSessionId sessionId, InterviewerId interviewerId);

    [LoggerMessage(8005, LogLevel.Information, "Interview of session {SessionId} removed from the calendar of interviewer {InterviewerId}.")]
    public static partial void EventDeleted(ILogger logger, PaymentSessionId sessionId, InterviewerId interviewerId);
}
