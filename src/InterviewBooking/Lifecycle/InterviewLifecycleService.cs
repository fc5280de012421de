using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// What happens after a booked interview starts: completion, no-shows (with the refund the policy gives by who was absent), the
/// interviewer's written feedback and the candidate's rating. Every change is a compare-and-set on the interview
/// (<see cref="IInterviewStore.TryTransitionAsync"/>) with its audit entry and outbox messages written in the same atomic step; each call is
/// idempotent, and a repeat finishes what a crashed call left (the session's step after the interview's).
/// </summary>
/// <remarks>
/// The interview's status decides between completion and the no-shows (one compare-and-set wins); the session follows it. Cancellations
/// before the start are <see cref="BookingChangeService.CancelByAsync(PaymentSessionId, InterviewParty, string?, CancellationToken)"/>'s.
/// Feedback and ratings are stored with the interview and read from it by the parties; they are never logged, never put in an outbox
/// message, and never sent to a payment provider.
/// </remarks>
public sealed class InterviewLifecycleService
{
    private const int MaxCompareAndSetRounds = 8;

    private readonly IPaymentSessionStore _sessions;
    private readonly IInterviewStore _interviews;
    private readonly IReservationStore _reservations;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public InterviewLifecycleService(
        IPaymentSessionStore sessions,
        IInterviewStore interviews,
        IReservationStore reservations,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        ILogger<InterviewLifecycleService>? logger = null)
    {
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _interviews = interviews ?? throw new ArgumentNullException(nameof(interviews));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Records that the interview took place (from its start on). Writes, with the change, an <see cref="OutboxKinds.InterviewCompleted"/>
    /// message and, when the plan or an add-on promises written feedback, the first feedback reminder to the interviewer.
    /// </summary>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="reportedBy">Who reports it, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the call before the interview changes.</param>
    public Task<InterviewLifecycleResult> CompleteAsync(PaymentSessionId sessionId, InterviewParty reportedBy, CancellationToken cancellationToken = default) =>
        EndAsync(sessionId, InterviewStatus.Completed, reportedBy, cancellationToken);

    /// <summary>
    /// Records that <paramref name="absent"/> did not show, once <see cref="InterviewBookingOptions.NoShowGracePeriod"/> has passed since the
    /// start; the session then ends (<see cref="PaymentSessionStatus.BookingCanceled"/>) with the policy's refund, issued by the outbox worker:
    /// <see cref="InterviewBookingOptions.CandidateNoShowRefundPercent"/> for the candidate; in full for the interviewer, after
    /// <see cref="InterviewBookingOptions.RebookingChoiceWindow"/>, unless the candidate chooses a free rebooking first
    /// (<see cref="RebookingService"/>). An interviewer's no-show also writes an <see cref="OutboxKinds.InterviewInterviewerNoShow"/> message.
    /// </summary>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="absent">Who did not show: the candidate or the interviewer.</param>
    /// <param name="reportedBy">Who reports it, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the call before the interview changes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="absent"/> is <see cref="InterviewParty.Operator"/>, who is never expected at an interview.</exception>
    public Task<InterviewLifecycleResult> ReportNoShowAsync(
        PaymentSessionId sessionId, InterviewParty absent, InterviewParty reportedBy, CancellationToken cancellationToken = default) =>
        absent switch
        {
            InterviewParty.Candidate => EndAsync(sessionId, InterviewStatus.CandidateNoShow, reportedBy, cancellationToken),
            InterviewParty.Interviewer => EndAsync(sessionId, InterviewStatus.InterviewerNoShow, reportedBy, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(absent), absent, "Only the candidate or the interviewer can be absent from an interview."),
        };

    /// <summary>Stores the interviewer's written feedback for the candidate, once, after the interview was completed.</summary>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="text">The feedback: not blank, at most <see cref="InterviewerFeedback.MaxLength"/> characters.</param>
    /// <param name="cancellationToken">Cancels the call before the interview changes.</param>
    /// <exception cref="InvalidInterviewRequestException">The text is blank or too long.</exception>
    public Task<InterviewLifecycleResult> SubmitFeedbackAsync(PaymentSessionId sessionId, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > InterviewerFeedback.MaxLength)
        {
            // The text itself is personal: the error names its length only.
            throw new InvalidInterviewRequestException(
                "feedback", $"({text?.Length ?? 0} characters)", $"must not be blank and have at most {InterviewerFeedback.MaxLength} characters");
        }

        return RecordAsync(
            sessionId,
            InterviewParty.Interviewer,
            static interview => interview.Feedback is not null,
            now => new InterviewerFeedback(text, now),
            static (transition, feedback) => transition with { Feedback = feedback, Reason = "Feedback given." },
            InterviewLifecycleOutcome.FeedbackRecorded,
            cancellationToken);
    }

    /// <summary>Stores the candidate's rating of the interviewer, once, after the interview was completed.</summary>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="stars">From <see cref="CandidateRating.MinStars"/> to <see cref="CandidateRating.MaxStars"/>.</param>
    /// <param name="comment">An optional comment, at most <see cref="CandidateRating.MaxCommentLength"/> characters.</param>
    /// <param name="cancellationToken">Cancels the call before the interview changes.</param>
    /// <exception cref="InvalidInterviewRequestException">The stars are out of range, or the comment is too long.</exception>
    public Task<InterviewLifecycleResult> RateAsync(PaymentSessionId sessionId, int stars, string? comment, CancellationToken cancellationToken = default)
    {
        if (stars is < CandidateRating.MinStars or > CandidateRating.MaxStars)
        {
            throw new InvalidInterviewRequestException("stars", stars.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be from {CandidateRating.MinStars} to {CandidateRating.MaxStars}");
        }

        if (comment is { Length: > CandidateRating.MaxCommentLength })
        {
            throw new InvalidInterviewRequestException("comment", $"({comment.Length} characters)", $"must have at most {CandidateRating.MaxCommentLength} characters");
        }

        var trimmed = string.IsNullOrWhiteSpace(comment) ? null : comment;
        return RecordAsync(
            sessionId,
            InterviewParty.Candidate,
            static interview => interview.Rating is not null,
            now => new CandidateRating(stars, trimmed, now),
            static (transition, rating) => transition with { Rating = rating, Reason = "Rating given." },
            InterviewLifecycleOutcome.RatingRecorded,
            cancellationToken);
    }

    /// <summary>Whether the plan or an add-on of the interview promises written feedback, under the current options.</summary>
    internal bool IsFeedbackPromised(ScheduledInterview interview)
    {
        var options = _options.CurrentValue;
        var request = interview.Request;
        return options.Plans.Any(p => p.IncludesWrittenFeedback && string.Equals(p.Id, request.PlanId, StringComparison.Ordinal))
            || request.AddOns.Any(a => options.AddOns.Any(o => o.IncludesWrittenFeedback && string.Equals(o.Id, a.AddOnId, StringComparison.Ordinal)));
    }

    private async Task<InterviewLifecycleResult> EndAsync(PaymentSessionId sessionId, InterviewStatus to, InterviewParty reportedBy, CancellationToken cancellationToken)
    {
        var (session, interview, missing) = await LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }

        for (var round = 0; round < MaxCompareAndSetRounds; round++)
        {
            if (interview is null)
            {
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.NotBooked, null) { Session = session, Reason = "The interview is gone." };
            }

            if (interview.Status == to)
            {
                // Decided before; the session's step may still be due after a crash (it is idempotent).
                var finished = await FollowAsync(session!, interview, cancellationToken).ConfigureAwait(false);
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.AlreadyRecorded, interview) { Session = finished, Refund = finished.Refund };
            }

            if (!InterviewStateMachine.IsAllowed(interview.Status, to))
            {
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.NotAllowed, interview)
                {
                    Session = session,
                    Reason = $"The interview is {interview.Status}; it cannot become {to}.",
                };
            }

            var now = _clock.GetCurrentInstant();
            var options = _options.CurrentValue;
            var earliest = to == InterviewStatus.Completed ? interview.Slot.Start : interview.Slot.Start + options.NoShowGracePeriod;
            if (now < earliest)
            {
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.TooEarly, interview)
                {
                    Session = session,
                    Reason = to == InterviewStatus.Completed
                        ? $"The interview starts at {interview.Slot.Start}; it can be completed from then on."
                        : $"A no-show can be reported from {earliest} on ({options.NoShowGracePeriod} after the start).",
                };
            }

            var changed = await _interviews.TryTransitionAsync(
                new InterviewTransition(interview.Id, interview.Status, to, now)
                {
                    ExpectedVersion = interview.Version,
                    By = reportedBy,
                    Reason = to switch
                    {
                        InterviewStatus.Completed => "Completed.",
                        InterviewStatus.CandidateNoShow => "The candidate did not show.",
                        _ => "The interviewer did not show.",
                    },
                    Outbox = OutboxFor(interview, to, now, options),
                },
                cancellationToken).ConfigureAwait(false);
            if (!changed.Succeeded)
            {
                interview = changed.Interview;
                continue;
            }

            var ended = changed.Interview!;
            InterviewBookingTelemetry.InterviewsEndedCounter.Add(1, new KeyValuePair<string, object?>("status", to.ToString()));
            Log.InterviewEnded(_logger, session!.Id, ended.Id, to, reportedBy);
            var followed = await FollowAsync(session, ended, CancellationToken.None).ConfigureAwait(false);
            return new InterviewLifecycleResult(
                to == InterviewStatus.Completed ? InterviewLifecycleOutcome.Completed : InterviewLifecycleOutcome.NoShowRecorded, ended)
            {
                Session = followed,
                Refund = to == InterviewStatus.Completed ? null : followed.Refund,
            };
        }

        return new InterviewLifecycleResult(InterviewLifecycleOutcome.Conflict, interview) { Session = session, Reason = "The interview kept changing; try again." };
    }

    private IReadOnlyList<OutboxMessage> OutboxFor(ScheduledInterview interview, InterviewStatus to, Instant now, InterviewBookingOptions options) => to switch
    {
        InterviewStatus.Completed when IsFeedbackPromised(interview) && options.MaxFeedbackReminders > 0 =>
            [InterviewOutboxMessages.Completed(interview, now), InterviewOutboxMessages.FeedbackReminder(interview, 1, now + options.FeedbackReminderInterval)],
        InterviewStatus.Completed => [InterviewOutboxMessages.Completed(interview, now)],
        InterviewStatus.InterviewerNoShow => [InterviewOutboxMessages.InterviewerNoShow(interview, now)],
        _ => [],
    };

    // The session's step after a no-show: Booked -> BookingCanceled with the policy's refund (a refund message when there is one to make),
    // then the reservation is given back, as a cancellation gives it back. Completion leaves the session Booked and its reservation
    // confirmed. Idempotent: a session that moved on is returned as it is.
    private async Task<PaymentSession> FollowAsync(PaymentSession session, ScheduledInterview interview, CancellationToken cancellationToken)
    {
        if (interview.Status is not (InterviewStatus.CandidateNoShow or InterviewStatus.InterviewerNoShow))
        {
            return session;
        }

        var ended = await EndSessionAsync(session, interview, cancellationToken).ConfigureAwait(false);
        if (ended.Status != PaymentSessionStatus.Booked && ended.ReservationId is { IsEmpty: false } reservationId)
        {
            await _reservations.TryCancelAsync(reservationId, ended.Id.Value, CancellationToken.None).ConfigureAwait(false);
        }

        return ended;
    }

    private async Task<PaymentSession> EndSessionAsync(PaymentSession session, ScheduledInterview interview, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxCompareAndSetRounds && session.Status == PaymentSessionStatus.Booked; round++)
        {
            var now = _clock.GetCurrentInstant();
            var options = _options.CurrentValue;
            var interviewerFault = interview.Status == InterviewStatus.InterviewerNoShow;
            var refund = interviewerFault
                ? new RefundDecision(session.Price.Total, 100, "Full refund: the interviewer did not show.")
                : RefundPolicies.Share(session.Price.Total, options.CandidateNoShowRefundPercent, "the candidate did not show");
            var outbox = interviewerFault
                ? SessionOutboxMessages.RebookableRefund(session.Id, now + options.RebookingChoiceWindow, refund)
                : SessionOutboxMessages.CancellationRefund(session.Id, now, refund);
            var ended = await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled, now)
                {
                    ExpectedVersion = session.Version,
                    Reason = interviewerFault ? "The interviewer did not show." : "The candidate did not show.",
                    Refund = refund,
                    Outbox = outbox,
                },
                cancellationToken).ConfigureAwait(false);
            if (ended.Succeeded)
            {
                return ended.Session!;
            }

            session = ended.Session ?? session;
        }

        return session;
    }

    private async Task<InterviewLifecycleResult> RecordAsync<T>(
        PaymentSessionId sessionId,
        InterviewParty by,
        Func<ScheduledInterview, bool> alreadyGiven,
        Func<Instant, T> create,
        Func<InterviewTransition, T, InterviewTransition> attach,
        InterviewLifecycleOutcome recorded,
        CancellationToken cancellationToken)
    {
        var (session, interview, missing) = await LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }

        for (var round = 0; round < MaxCompareAndSetRounds; round++)
        {
            if (interview is null)
            {
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.NotBooked, null) { Session = session, Reason = "The interview is gone." };
            }

            if (interview.Status != InterviewStatus.Completed)
            {
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.NotAllowed, interview)
                {
                    Session = session,
                    Reason = $"The interview is {interview.Status}; feedback and ratings follow a completed interview.",
                };
            }

            if (alreadyGiven(interview))
            {
                return new InterviewLifecycleResult(InterviewLifecycleOutcome.AlreadyGiven, interview) { Session = session, Reason = "It was already given." };
            }

            var now = _clock.GetCurrentInstant();
            var transition = attach(
                new InterviewTransition(interview.Id, InterviewStatus.Completed, InterviewStatus.Completed, now) { ExpectedVersion = interview.Version, By = by },
                create(now));
            var changed = await _interviews.TryTransitionAsync(transition, cancellationToken).ConfigureAwait(false);
            if (changed.Succeeded)
            {
                Log.InterviewFeedbackRecorded(_logger, session!.Id, interview.Id, by);
                return new InterviewLifecycleResult(recorded, changed.Interview) { Session = session };
            }

            interview = changed.Interview;
        }

        return new InterviewLifecycleResult(InterviewLifecycleOutcome.Conflict, interview) { Session = session, Reason = "The interview kept changing; try again." };
    }

    private async Task<(PaymentSession? Session, ScheduledInterview? Interview, InterviewLifecycleResult? Missing)> LoadAsync(
        PaymentSessionId sessionId, CancellationToken cancellationToken)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        var session = await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return (null, null, new InterviewLifecycleResult(InterviewLifecycleOutcome.SessionNotFound, null) { Reason = $"No payment session '{sessionId}'." });
        }

        var interview = session.InterviewId is { IsEmpty: false } interviewId
            ? await _interviews.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            : null;
        return interview is null
            ? (session, null, new InterviewLifecycleResult(InterviewLifecycleOutcome.NotBooked, null) { Session = session, Reason = $"The session is {session.Status} with no interview stored." })
            : (session, interview, null);
    }
}
