using Microsoft.Extensions.Logging;

namespace InterviewBooking;

/// <summary>The core package's log messages; event ids are stable (1xxx booking start, 2xxx auto-booking, 3xxx payment events, 40xx outbox, 41xx outbox handlers of session effects, 42xx the sweeper, 43xx the interview's lifecycle and rebookings). Ids only, no personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Booking started: session {SessionId}, interviewer {InterviewerId}, reservation {ReservationId}, score {Score}.")]
    public static partial void BookingStarted(ILogger logger, PaymentSessionId sessionId, InterviewerId interviewerId, ReservationId reservationId, int score);

    [LoggerMessage(1002, LogLevel.Debug, "Hold refused for interviewer {InterviewerId} ({Refusal}); trying the next-best match.")]
    public static partial void HoldConflicted(ILogger logger, InterviewerId interviewerId, HoldRefusal? refusal);

    [LoggerMessage(1003, LogLevel.Warning, "Checkout creation failed for session {SessionId}; hold {ReservationId} released and session canceled.")]
    public static partial void CheckoutFailed(ILogger logger, Exception exception, PaymentSessionId sessionId, ReservationId reservationId);

    [LoggerMessage(1004, LogLevel.Information, "No interviewer could be held for candidate {CandidateId}: {Outcome}.")]
    public static partial void NotStarted(ILogger logger, CandidateId candidateId, BookingStartOutcome outcome);

    [LoggerMessage(1010, LogLevel.Information, "Start of candidate {CandidateId} replayed: its idempotency key names session {SessionId} ({Status}); nothing held.")]
    public static partial void StartReplayed(ILogger logger, CandidateId candidateId, PaymentSessionId sessionId, PaymentSessionStatus status);

    [LoggerMessage(2001, LogLevel.Information, "Session {SessionId} booked: interview {InterviewId} with pre-matched interviewer {InterviewerId}.")]
    public static partial void Booked(ILogger logger, PaymentSessionId sessionId, InterviewId interviewId, InterviewerId interviewerId);

    [LoggerMessage(2002, LogLevel.Warning, "Session {SessionId} needs a refund: {Reason}")]
    public static partial void RefundRequired(ILogger logger, PaymentSessionId sessionId, string reason);

    [LoggerMessage(2003, LogLevel.Error, "Session {SessionId} has no usable pre-matched interviewer ({Field}); nothing scheduled.")]
    public static partial void PreMatchInvalid(ILogger logger, PaymentSessionId sessionId, string? field);

    [LoggerMessage(2004, LogLevel.Warning, "Scheduling failed for session {SessionId}; booking claim given back for a retry.")]
    public static partial void SchedulingFailed(ILogger logger, Exception exception, PaymentSessionId sessionId);

    [LoggerMessage(2006, LogLevel.Information, "Session {SessionId}: hold {OldReservationId} had run out but the slot was free; held again as {NewReservationId} for the same interviewer {InterviewerId}.")]
    public static partial void Reheld(ILogger logger, PaymentSessionId sessionId, ReservationId oldReservationId, ReservationId newReservationId, InterviewerId interviewerId);

    [LoggerMessage(2007, LogLevel.Warning, "Session {SessionId}: booking claim of a worker that stopped was taken over.")]
    public static partial void ClaimTakenOver(ILogger logger, PaymentSessionId sessionId);

    [LoggerMessage(2101, LogLevel.Information, "Session {SessionId} canceled by the candidate; refund {Percent}%.")]
    public static partial void BookingCanceled(ILogger logger, PaymentSessionId sessionId, int percent);

    [LoggerMessage(2102, LogLevel.Information, "Session {SessionId}: interview {InterviewId} rescheduled (invite sequence {Sequence}).")]
    public static partial void BookingRescheduled(ILogger logger, PaymentSessionId sessionId, InterviewId interviewId, int sequence);

    [LoggerMessage(2103, LogLevel.Warning, "Session {SessionId}: the scheduler has no interview {InterviewId} to cancel; the reservation was released and the cancellation stands.")]
    public static partial void InterviewNotFound(ILogger logger, PaymentSessionId sessionId, InterviewId interviewId);

    [LoggerMessage(3001, LogLevel.Debug, "Payment event {EventId} ({Kind}) for session {SessionId}: {Outcome}.")]
    public static partial void EventProcessed(ILogger logger, string eventId, PaymentEventKind kind, PaymentSessionId sessionId, PaymentEventOutcome outcome);

    [LoggerMessage(3003, LogLevel.Warning, "Payment event {EventId} names payment session {SessionId}, which does not exist, and is older than {Window}; ignored so the provider stops retrying.")]
    public static partial void UnknownSessionIgnored(ILogger logger, string eventId, PaymentSessionId sessionId, Duration window);

    [LoggerMessage(3002, LogLevel.Warning, "Payment event {EventId} names checkout {EventReference} but session {SessionId} has {StoredReference}; ignored.")]
    public static partial void ProviderReferenceMismatch(ILogger logger, string eventId, string eventReference, PaymentSessionId sessionId, string storedReference);

    [LoggerMessage(4001, LogLevel.Debug, "Outbox item {Key} ({Kind}) delivered on attempt {Attempt}.")]
    public static partial void OutboxDelivered(ILogger logger, string key, string kind, int attempt);

    [LoggerMessage(4002, LogLevel.Warning, "Outbox item {Key} ({Kind}) failed on attempt {Attempt} of {MaxAttempts}; next attempt at {NextAttemptAt}: {Error}")]
    public static partial void OutboxRetryLater(ILogger logger, Exception? exception, string key, string kind, int attempt, int maxAttempts, Instant nextAttemptAt, string error);

    [LoggerMessage(4003, LogLevel.Error, "Outbox item {Key} ({Kind}) dead-lettered after attempt {Attempt}: {Error}")]
    public static partial void OutboxDeadLettered(ILogger logger, Exception? exception, string key, string kind, int attempt, string error);

    [LoggerMessage(4004, LogLevel.Warning, "Outbox item {Key}: no handler is registered for kind {Kind}; counted as a failed attempt.")]
    public static partial void OutboxNoHandler(ILogger logger, string key, string kind);

    [LoggerMessage(4005, LogLevel.Warning, "Outbox item {Key} ({Kind}): the lease ran out and was taken before this worker ended it; the other worker decides.")]
    public static partial void OutboxLeaseLost(ILogger logger, string key, string kind);

    [LoggerMessage(4006, LogLevel.Information, "Outbox worker stopping: {Count} lease(s) returned.")]
    public static partial void OutboxLeasesReturned(ILogger logger, int count);

    [LoggerMessage(4007, LogLevel.Error, "Outbox worker could not lease or end a lease; trying again after the poll interval.")]
    public static partial void OutboxRunFailed(ILogger logger, Exception exception);

    [LoggerMessage(4008, LogLevel.Warning, "Outbox item {Key}: no payment session {SessionId}; the notification cannot be written.")]
    public static partial void NotificationSessionMissing(ILogger logger, string key, PaymentSessionId? sessionId);

    [LoggerMessage(4009, LogLevel.Warning, "Outbox item {Key} ({Kind}): the store could not end the lease; it runs out and the item is delivered again.")]
    public static partial void OutboxLeaseNotEnded(ILogger logger, Exception exception, string key, string kind);

    [LoggerMessage(4101, LogLevel.Information, "Session {SessionId} refunded: refund {RefundId} of {Amount} ({Source}).")]
    public static partial void Refunded(ILogger logger, PaymentSessionId sessionId, string refundId, Money amount, string source);

    [LoggerMessage(4102, LogLevel.Information, "Outbox item {Key}: nothing left to do ({Why}).")]
    public static partial void OutboxItemSkipped(ILogger logger, string key, string why);

    [LoggerMessage(4103, LogLevel.Information, "Session {SessionId}: provider checkout expired ({Outcome}).")]
    public static partial void CheckoutExpired(ILogger logger, PaymentSessionId sessionId, CheckoutExpiryOutcome outcome);

    [LoggerMessage(4201, LogLevel.Information, "Sweeper: session {SessionId} {Action}.")]
    public static partial void Swept(ILogger logger, PaymentSessionId sessionId, string action);

    [LoggerMessage(4202, LogLevel.Warning, "Sweeper: session {SessionId} could not be swept; the next sweep tries again.")]
    public static partial void SweepFailed(ILogger logger, Exception exception, PaymentSessionId sessionId);

    [LoggerMessage(4203, LogLevel.Error, "Sweeper: a sweep failed; the next one tries again.")]
    public static partial void SweepRunFailed(ILogger logger, Exception exception);

    [LoggerMessage(4301, LogLevel.Information, "Session {SessionId}: interview {InterviewId} is {Status} (reported by {ReportedBy}).")]
    public static partial void InterviewEnded(ILogger logger, PaymentSessionId sessionId, InterviewId interviewId, InterviewStatus status, InterviewParty reportedBy);

    // Never the feedback's or the rating's text: only that it was given.
    [LoggerMessage(4302, LogLevel.Information, "Session {SessionId}: feedback recorded for interview {InterviewId} by the {By}.")]
    public static partial void InterviewFeedbackRecorded(ILogger logger, PaymentSessionId sessionId, InterviewId interviewId, InterviewParty by);

    [LoggerMessage(4303, LogLevel.Information, "Session {SessionId} canceled by the {CanceledBy}; {Percent}% refunded by policy.")]
    public static partial void BookingCanceledBy(ILogger logger, PaymentSessionId sessionId, InterviewParty canceledBy, int percent);

    [LoggerMessage(4304, LogLevel.Information, "Session {SessionId} rebooked as {RebookedSessionId} with interviewer {InterviewerId}, excluding {ExcludedInterviewerId}.")]
    public static partial void Rebooked(ILogger logger, PaymentSessionId sessionId, PaymentSessionId rebookedSessionId, InterviewerId interviewerId, InterviewerId excludedInterviewerId);

    [LoggerMessage(4305, LogLevel.Information, "Session {SessionId}: the refund starts; a free rebooking can no longer be chosen.")]
    public static partial void RebookingClosed(ILogger logger, PaymentSessionId sessionId);

    [LoggerMessage(4401, LogLevel.Information, "Retention pass removed reservations: {Reservations}, payment sessions: {Sessions}, outbox items: {OutboxItems}, inbox entries: {PaymentEvents}; complete: {Complete}.")]
    public static partial void RetentionPass(ILogger logger, int reservations, int sessions, int outboxItems, int paymentEvents, bool complete);

    [LoggerMessage(4402, LogLevel.Error, "Retention pass failed; the next one tries again.")]
    public static partial void RetentionPassFailed(ILogger logger, Exception exception);
}
