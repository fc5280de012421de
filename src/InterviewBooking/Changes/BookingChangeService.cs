using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Cancels and reschedules booked interviews. Both keep the pre-matched interviewer, are idempotent, and are guarded by the session's status:
/// a reschedule holds and confirms the new slot before it gives up the old one, so the candidate never ends with neither. Both parties'
/// Canceled and Rescheduled notifications are outbox messages written with the session's change, delivered by the outbox worker.
/// </summary>
public sealed class BookingChangeService
{
    private const int MaxCompareAndSetRounds = 8;

    private readonly IPaymentSessionStore _sessions;
    private readonly IReservationStore _reservations;
    private readonly IInterviewScheduler _scheduler;
    private readonly IInterviewerDirectory _directory;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly IOutboxMessageContributor[] _contributors;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public BookingChangeService(
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        IInterviewScheduler scheduler,
        IInterviewerDirectory directory,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        ILogger<BookingChangeService>? logger = null,
        IEnumerable<IOutboxMessageContributor>? contributors = null)
    {
        _contributors = contributors?.ToArray() ?? [];
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Cancels a booked interview before it starts, at the candidate's request: the session becomes <see cref="PaymentSessionStatus.BookingCanceled"/>
    /// with the refund the policy gives (in full up to <see cref="InterviewBookingOptions.FullRefundNotice"/> before the start, then
    /// <see cref="InterviewBookingOptions.LateCancellationRefundPercent"/>), the interview is canceled, the reservation released, both parties told.
    /// </summary>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="reason">Why, for the audit trail and the notification.</param>
    /// <param name="cancellationToken">Cancels the call before the session changes.</param>
    public Task<BookingChangeResult> CancelAsync(PaymentSessionId sessionId, string? reason = null, CancellationToken cancellationToken = default) =>
        CancelByAsync(sessionId, InterviewParty.Candidate, reason, cancellationToken);

    /// <summary>
    /// Cancels a booked interview before it starts, recording who canceled it; the refund follows who was at fault. The candidate's
    /// cancellation keeps the notice rules of <see cref="CancelAsync(PaymentSessionId, string?, CancellationToken)"/>. The interviewer's, at any
    /// notice, refunds in full after <see cref="InterviewBookingOptions.RebookingChoiceWindow"/>, unless the candidate chooses a free rebooking
    /// with another interviewer first (<see cref="RebookingService"/>); a late one counts against the interviewer's reliability. An operator's
    /// refunds in full at once. Every refund is issued by the outbox worker.
    /// </summary>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="canceledBy">Who cancels.</param>
    /// <param name="reason">Why, for the audit trail and the notification.</param>
    /// <param name="cancellationToken">Cancels the call before the session changes.</param>
    public async Task<BookingChangeResult> CancelByAsync(PaymentSessionId sessionId, InterviewParty canceledBy, string? reason = null, CancellationToken cancellationToken = default)
    {
        var session = await GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < MaxCompareAndSetRounds; round++)
        {
            if (session is null)
            {
                return new BookingChangeResult(BookingChangeOutcome.SessionNotFound, null) { Reason = $"No payment session '{sessionId}'." };
            }

            if (session.Status == PaymentSessionStatus.BookingCanceled)
            {
                // The cancellation is decided; finish what a crashed call may have left (both steps are idempotent).
                var finished = await ReleaseBookingAsync(session, canceledBy, reason).ConfigureAwait(false);
                return new BookingChangeResult(BookingChangeOutcome.AlreadyCanceled, session) { Interview = finished, Refund = session.Refund };
            }

            if (session.Status != PaymentSessionStatus.Booked || session.Slot is not { } slot)
            {
                return new BookingChangeResult(BookingChangeOutcome.NotBooked, session) { Reason = $"The session is {session.Status}." };
            }

            var now = _clock.GetCurrentInstant();
            if (now >= slot.Start)
            {
                return new BookingChangeResult(BookingChangeOutcome.TooLate, session) { Reason = "The interview has started." };
            }

            var options = _options.CurrentValue;
            var refund = canceledBy switch
            {
                InterviewParty.Candidate => DecideRefund(session.Price.Total, slot.Start - now),
                InterviewParty.Interviewer => RefundPolicies.Share(session.Price.Total, 100, "the interviewer canceled"),
                _ => RefundPolicies.Share(session.Price.Total, 100, "canceled by the operator"),
            };
            var refundMessages = canceledBy == InterviewParty.Interviewer
                ? SessionOutboxMessages.RebookableRefund(session.Id, now + options.RebookingChoiceWindow, refund)
                : SessionOutboxMessages.CancellationRefund(session.Id, now, refund);
            var canceled = await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled, now)
                {
                    ExpectedVersion = session.Version,
                    Reason = reason ?? canceledBy switch
                    {
                        InterviewParty.Candidate => "Canceled by the candidate.",
                        InterviewParty.Interviewer => "Canceled by the interviewer.",
                        _ => "Canceled by the operator.",
                    },
                    Refund = refund,

                    // The scheduler's cancel makes the invite's next revision. The policy's refund is issued by the outbox worker;
                    // the reminders written at booking are skipped when due.
                    Outbox =
                    [
                        .. NotificationMessages.With(_contributors, NotificationMessages.For(session.Id, BookingNotificationKind.Canceled, now, session.InviteSequence + 1, reason)),
                        .. refundMessages,
                    ],
                },
                cancellationToken).ConfigureAwait(false);
            if (!canceled.Succeeded)
            {
                session = canceled.Session;
                continue;
            }

            if (canceledBy == InterviewParty.Candidate)
            {
                Log.BookingCanceled(_logger, session.Id, refund.Percent);
            }
            else
            {
                Log.BookingCanceledBy(_logger, session.Id, canceledBy, refund.Percent);
            }

            var interview = await ReleaseBookingAsync(canceled.Session!, canceledBy, reason).ConfigureAwait(false);
            return new BookingChangeResult(BookingChangeOutcome.Canceled, canceled.Session) { Interview = interview, Refund = refund };
        }

        return new BookingChangeResult(BookingChangeOutcome.Conflict, session) { Reason = "The session kept changing; try again." };
    }

    /// <summary>
    /// Moves a booked interview to <paramref name="newSlot"/> with the same interviewer: holds and confirms the new slot, moves the interview,
    /// records the new slot in the session, and only then releases the old reservation; both parties get an updated invite.
    /// </summary>
    /// <remarks>
    /// The new slot must fit the interviewer's availability, minimum notice and booking horizon as the directory knows them now; the hold then
    /// carries their current buffers and daily cap to the store. The booking's own current reservation still counts while the new one is
    /// held (it is given up only once the new one is confirmed), so a move inside its own buffers, or onto the same local day when the
    /// interviewer is at the cap, is refused.
    /// </remarks>
    /// <param name="sessionId">The booked payment session.</param>
    /// <param name="newSlot">The new slot; it must last the plan's duration and start in the future.</param>
    /// <param name="cancellationToken">Cancels the call; anything this call held is given back.</param>
    /// <exception cref="InvalidInterviewRequestException">The new slot has no start or end, or its length differs from the booked one.</exception>
    public async Task<BookingChangeResult> RescheduleAsync(PaymentSessionId sessionId, Interval newSlot, CancellationToken cancellationToken = default)
    {
        var session = await GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new BookingChangeResult(BookingChangeOutcome.SessionNotFound, null) { Reason = $"No payment session '{sessionId}'." };
        }

        if (session.Status != PaymentSessionStatus.Booked || session.Slot is not { } oldSlot
            || session.InterviewId is not { IsEmpty: false } interviewId || session.InterviewerId is not { IsEmpty: false } interviewerId
            || session.ReservationId is not { IsEmpty: false } oldReservationId)
        {
            return new BookingChangeResult(BookingChangeOutcome.NotBooked, session) { Reason = $"The session is {session.Status}." };
        }

        if (!newSlot.HasStart || !newSlot.HasEnd || newSlot.Duration != oldSlot.Duration)
        {
            throw new InvalidInterviewRequestException("newSlot", newSlot.ToString(), $"must have a start and an end and last {oldSlot.Duration}, as the booked interview does");
        }

        if (newSlot == oldSlot)
        {
            return new BookingChangeResult(BookingChangeOutcome.AlreadyAtSlot, session);
        }

        var now = _clock.GetCurrentInstant();
        if (now >= oldSlot.Start || now >= newSlot.Start)
        {
            return new BookingChangeResult(BookingChangeOutcome.TooLate, session) { Reason = "The interview has started, or the new slot is in the past." };
        }

        var interviewer = await _directory.GetAsync(interviewerId, cancellationToken).ConfigureAwait(false);
        if (interviewer is not { IsActive: true } || !ScoringInterviewerMatcher.IsWithinAvailability(interviewer, newSlot, out _))
        {
            return new BookingChangeResult(BookingChangeOutcome.InterviewerUnavailable, session)
            {
                Reason = $"Interviewer '{interviewerId}' does not take interviews at {SlotText.Format(newSlot, session.CandidateTimeZone)}.",
            };
        }

        if (newSlot.Start - now < interviewer.MinimumNotice)
        {
            return new BookingChangeResult(BookingChangeOutcome.NoticeTooShort, session)
            {
                Reason = $"Interviewer '{interviewerId}' needs {interviewer.MinimumNotice} of notice; the new slot starts in {newSlot.Start - now}.",
            };
        }

        if (interviewer.BookingHorizon is { } horizon && newSlot.Start - now > horizon)
        {
            return new BookingChangeResult(BookingChangeOutcome.BeyondHorizon, session)
            {
                Reason = $"Interviewer '{interviewerId}' takes bookings at most {horizon} ahead; the new slot starts in {newSlot.Start - now}.",
            };
        }

        // A new hold: the interviewer's rules as the directory knows them now, decided by the store with the overlap check.
        var owner = session.Id.Value;
        var hold = await _reservations.TryHoldAsync(
            new HoldRequest(interviewerId, newSlot, owner, now + _options.CurrentValue.RenewedHoldDuration)
            {
                Rules = HoldRules.Of(interviewer),
                Candidate = session.CandidateId,
            },
            cancellationToken).ConfigureAwait(false);
        if (!hold.Succeeded)
        {
            return hold.Refusal switch
            {
                HoldRefusal.Buffer => new BookingChangeResult(BookingChangeOutcome.BufferConflict, session)
                {
                    Reason = $"The new slot falls inside the buffers around another booking of interviewer '{interviewerId}' ({interviewer.BufferBefore} before, {interviewer.BufferAfter} after).",
                },
                HoldRefusal.DailyCap => new BookingChangeResult(BookingChangeOutcome.DailyCapReached, session)
                {
                    Reason = $"Interviewer '{interviewerId}' already has {interviewer.MaxInterviewsPerDay} interviews on that day.",
                },
                _ => new BookingChangeResult(BookingChangeOutcome.SlotTaken, session) { Reason = $"Interviewer '{interviewerId}' is taken at that slot." },
            };
        }

        var newReservation = hold.Reservation!;
        try
        {
            var confirmed = await _reservations.TryConfirmAsync(newReservation.Id, owner, cancellationToken).ConfigureAwait(false);
            if (!confirmed.Succeeded)
            {
                await GiveBackAsync(newReservation).ConfigureAwait(false);
                return new BookingChangeResult(BookingChangeOutcome.SlotTaken, session) { Reason = $"The new hold could not be confirmed ({confirmed.Outcome})." };
            }

            var interview = await _scheduler.RescheduleAsync(interviewId, newSlot, newReservation.Id, cancellationToken).ConfigureAwait(false);
            var movedAt = _clock.GetCurrentInstant();
            var moved = await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booked, PaymentSessionStatus.Booked, movedAt)
                {
                    // Reminders for the new slot, under the new revision; those of the old one are skipped when due.
                    Outbox =
                    [
                        .. NotificationMessages.With(_contributors, NotificationMessages.For(session.Id, BookingNotificationKind.Rescheduled, movedAt, interview.Sequence)),
                        .. SessionOutboxMessages.FollowUps(session.Id, newSlot, interview.Sequence, movedAt, _options.CurrentValue),
                    ],
                    ExpectedVersion = session.Version,
                    Reason = $"Rescheduled from {session.SelectedTimeSlot}.",
                    ReservationId = newReservation.Id,
                    Rescheduled = new RescheduledSlot(
                        newSlot, SlotText.Format(newSlot, session.CandidateTimeZone), SlotText.LocalDateOf(newSlot, session.CandidateTimeZone), interview.Sequence),
                },
                CancellationToken.None).ConfigureAwait(false);
            if (!moved.Succeeded)
            {
                // Another change came first: put the interview back where the session says it is and give the new slot back.
                if (moved.Session is { Slot: { } current, ReservationId: { } currentReservation, Status: PaymentSessionStatus.Booked })
                {
                    await _scheduler.RescheduleAsync(interviewId, current, currentReservation, CancellationToken.None).ConfigureAwait(false);
                }

                await GiveBackAsync(newReservation).ConfigureAwait(false);
                return new BookingChangeResult(BookingChangeOutcome.Conflict, moved.Session) { Reason = "The session changed meanwhile; nothing was moved." };
            }

            await _reservations.TryCancelAsync(oldReservationId, owner, CancellationToken.None).ConfigureAwait(false);
            Log.BookingRescheduled(_logger, session.Id, interviewId, interview.Sequence);
            return new BookingChangeResult(BookingChangeOutcome.Rescheduled, moved.Session) { Interview = interview };
        }
        catch
        {
            var current = await _sessions.GetAsync(session.Id, CancellationToken.None).ConfigureAwait(false);
            if (current?.ReservationId != newReservation.Id)
            {
                await GiveBackAsync(newReservation).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The refund for canceling <paramref name="notice"/> before the start, under the current options.</summary>
    internal RefundDecision DecideRefund(Money price, Duration notice)
    {
        var options = _options.CurrentValue;
        return notice >= options.FullRefundNotice
            ? RefundPolicies.Share(price, 100, $"canceled at least {options.FullRefundNotice} before the start")
            : RefundPolicies.Share(price, options.LateCancellationRefundPercent, $"canceled less than {options.FullRefundNotice} before the start");
    }

    private async Task<PaymentSession?> GetAsync(PaymentSessionId sessionId, CancellationToken cancellationToken)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        return await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
    }

    // Cancels the interview and releases the reservation of a canceled session; both are idempotent, so a repeat finishes a crashed call.
    // The slot is freed first, so a scheduler failure never keeps a canceled booking's slot blocked.
    private async Task<ScheduledInterview?> ReleaseBookingAsync(PaymentSession session, InterviewParty canceledBy, string? reason)
    {
        if (session.ReservationId is { IsEmpty: false } reservationId)
        {
            await _reservations.TryCancelAsync(reservationId, session.Id.Value, CancellationToken.None).ConfigureAwait(false);
        }

        if (session.InterviewId is not { IsEmpty: false } interviewId)
        {
            return null;
        }

        try
        {
            // Late: less notice than a full refund needs, counted against an interviewer's reliability.
            var isLate = session.Slot is { } slot && slot.Start - session.UpdatedAt < _options.CurrentValue.FullRefundNotice;
            return await _scheduler.CancelByAsync(interviewId, canceledBy, isLate, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (InterviewNotFoundException)
        {
            // Booked before this scheduler kept its interviews (an in-memory one restarted, say): nothing to cancel there.
            Log.InterviewNotFound(_logger, session.Id, interviewId);
            return null;
        }
    }

    private async Task GiveBackAsync(Reservation reservation) =>
        await _reservations.TryCancelAsync(reservation.Id, reservation.Owner, CancellationToken.None).ConfigureAwait(false);
}
