using Microsoft.Extensions.Logging;

namespace InterviewBooking.PostgreSql;

/// <summary>The PostgreSQL package's log messages; event ids are stable (6xxx; Stripe has 5xxx). Ids only, no personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "Schema {Schema}: applied migration {Version} ({Description}).")]
    public static partial void MigrationApplied(ILogger logger, string schema, int version, string description);

    [LoggerMessage(6002, LogLevel.Debug, "Schema {Schema} is at version {Version}.")]
    public static partial void SchemaUpToDate(ILogger logger, string schema, int version);

    [LoggerMessage(6014, LogLevel.Warning, "Schema {Schema}: index {Index} of migration {Version} was left invalid by an interrupted build; dropping it to build it again.")]
    public static partial void InvalidIndexDropped(ILogger logger, string schema, string index, int version);

    [LoggerMessage(6003, LogLevel.Debug, "Hold of interviewer {InterviewerId} refused ({Refusal}); reservation in the way: {ConflictingReservationId}.")]
    public static partial void HoldConflicted(ILogger logger, InterviewerId interviewerId, ReservationId? conflictingReservationId, HoldRefusal? refusal);

    [LoggerMessage(6004, LogLevel.Debug, "Hold of interviewer {InterviewerId}: {Count} overlapping hold(s) whose time ran out marked expired.")]
    public static partial void HoldsExpired(ILogger logger, InterviewerId interviewerId, int count);

    [LoggerMessage(6005, LogLevel.Warning, "{Operation} met a transient conflict (SQLSTATE {SqlState}); attempt {Attempt} of {MaxAttempts} is next.")]
    public static partial void TransientRetry(ILogger logger, Exception exception, string operation, string sqlState, int attempt, int maxAttempts);

    [LoggerMessage(6006, LogLevel.Warning, "Payment session {SessionId}: the stored match snapshot is unusable ({Problem}); it reads as missing.")]
    public static partial void SnapshotUnreadable(ILogger logger, PaymentSessionId sessionId, string problem);

    // The interviewer directory: 6010-6019.
    [LoggerMessage(6010, LogLevel.Information, "Interviewer directory of schema {Schema}: listening on channel {Channel}, resynced to change {Change} ({Applied} row(s) applied); after a lost connection: {Reconnected}.")]
    public static partial void DirectoryListening(ILogger logger, string schema, string channel, long change, int applied, bool reconnected);

    [LoggerMessage(6011, LogLevel.Warning, "Interviewer directory of schema {Schema}: the listener's connection failed ({Failures} time(s) in a row); reconnecting in {Delay}, then resyncing.")]
    public static partial void DirectoryListenerLost(ILogger logger, Exception exception, string schema, int failures, TimeSpan delay);

    [LoggerMessage(6012, LogLevel.Warning, "Interviewer directory of schema {Schema}: the row of interviewer {InterviewerId} at change {Change} is unusable ({Problem}); it reads as missing.")]
    public static partial void InterviewerRowUnreadable(ILogger logger, string schema, InterviewerId interviewerId, long change, string problem);

    [LoggerMessage(6013, LogLevel.Error, "Interviewer directory of schema {Schema}: loading the interviewers failed; the next use tries again.")]
    public static partial void DirectoryLoadFailed(ILogger logger, Exception exception, string schema);
}
