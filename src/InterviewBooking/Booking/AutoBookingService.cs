using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Books a paid session with exactly the interviewer matched and reserved before payment, at most once per payment.
/// </summary>
/// <remarks>
/// It reads only the payment session's snapshot of the match; it has no matcher and no directory, so it cannot pick anyone else.
/// Concurrent and repeated calls for one session book once: a compare-and-set claim picks one worker, the scheduler is idempotent by
/// the session id, and a booked session returns the same booking. When the reserved slot was lost the session is flagged
/// <see cref="PaymentSessionStatus.RefundRequired"/> with the reason, never booked with another interviewer. Nothing is notified here: the
/// Booked and RefundRequired notifications are outbox messages written with the status change itself, so one exists exactly when the change
/// does (whichever call made it), and the outbox worker delivers it.
/// </remarks>
public sealed class AutoBookingService
{
    // Bounds re-reads after losing a compare-and-set to another writer; each loss means the session moved on.
    private const int MaxCompareAndSetRounds = 8;

    private readonly IPaymentSessionStore _sessions;
    private readonly IReservationStore _reservations;
    private readonly IInterviewScheduler _scheduler;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly IOutboxMessageContributor[] _contributors;
    private readonly IBookingCompletionStore? _completions;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="sessions">The payment sessions.</param>
    /// <param name="reservations">The holds.</param>
    /// <param name="scheduler">Schedules the interview.</param>
    /// <param name="options">The claim timeout, the renewed hold's duration and the follow-ups.</param>
    /// <param name="clock">The time.</param>
    /// <param name="logger">Logs bookings, refunds and failures.</param>
    /// <param name="contributors">Add outbox messages to the Booked notification.</param>
    /// <param name="completions">
    /// When given and <paramref name="scheduler"/> is the default <see cref="InterviewScheduler"/>, a session claimed as it is marked paid is
    /// booked in one step (hold, interview and session together) instead of three.
    /// </param>
    public AutoBookingService(
        IPaymentSessionStore sessions,
        IReservationStore reservations,
        IInterviewScheduler scheduler,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        ILogger<AutoBookingService>? logger = null,
        IEnumerable<IOutboxMessageContributor>? contributors = null,
        IBookingCompletionStore? completions = null)
    {
        _contributors = contributors?.ToArray() ?? [];
        _completions = completions;
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Books the paid session with its pre-matched interviewer, or returns the booking made before.</summary>
    /// <param name="sessionId">The payment session.</param>
    /// <param name="cancellationToken">Cancels the call; a claim already taken is given back.</param>
    /// <returns>The outcome; see <see cref="BookingOutcome"/>.</returns>
    /// <exception cref="PreMatchedInterviewerException">
    /// The session's pre-matched data is missing or inconsistent. Nothing is scheduled; a paid session is flagged
    /// <see cref="PaymentSessionStatus.RefundRequired"/> with the message as its reason first.
    /// </exception>
    public async Task<BookingResult> BookAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        var session = await _sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return await BookFromAsync(sessionId, session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Books from <paramref name="session"/> as its caller just read it (the payment event processor, from its own compare-and-set), without
    /// reading it again: a round trip less on a database. A stale copy only costs a lost compare-and-set, which re-reads.
    /// </summary>
    internal Task<BookingResult> BookReadSessionAsync(PaymentSession session, CancellationToken cancellationToken) =>
        BookFromAsync(session.Id, session, cancellationToken);

    /// <summary>
    /// Marks an unpaid session paid and claims it in one store call (<see cref="IPaymentSessionStore.TryTransitionThenAsync"/>: one round trip
    /// and one commit on PostgreSQL, not two of each), then books it. <see langword="null"/> when its snapshot cannot be read: the caller marks it
    /// paid alone, and <see cref="BookReadSessionAsync"/> flags it as usual.
    /// </summary>
    /// <returns>The booking once claimed; else no booking and the session as the lost compare-and-set read it.</returns>
    internal async Task<BookingAttempt?> TryPayAndBookAsync(
        PaymentSession unpaid, PaymentSessionTransition paid, CancellationToken cancellationToken)
    {
        PreMatchedSnapshot snapshot;
        try
        {
            snapshot = PreMatchedSnapshot.From(unpaid);
        }
        catch (PreMatchedInterviewerException)
        {
            return null;
        }

        var claim = await _sessions.TryTransitionThenAsync(
            paid, new PaymentSessionTransition(unpaid.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, paid.At), cancellationToken).ConfigureAwait(false);
        if (!claim.Succeeded)
        {
            return BookingAttempt.Lost(claim.Session);
        }

        using var activity = InterviewBookingTelemetry.Source.StartActivity("InterviewBooking.Fulfillment");
        activity?.SetTag("interviewbooking.session_id", unpaid.Id.Value);
        activity?.SetTag("interviewbooking.interviewer_id", snapshot.Interviewer.Id.Value);
        // Claimed in the transaction that marked it paid, so never claimed before: no interview can have its key yet.
        var result = await BookClaimedAsync(claim.Session!, snapshot, firstClaim: true, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("interviewbooking.outcome", result.Outcome.ToString());
        if (result.Outcome == BookingOutcome.Booked)
        {
            InterviewBookingTelemetry.PaymentToBookedHistogram.Record((_clock.GetCurrentInstant() - paid.At).TotalSeconds);
        }

        return BookingAttempt.Made(result);
    }

    private async Task<BookingResult> BookFromAsync(PaymentSessionId sessionId, PaymentSession? session, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxCompareAndSetRounds; round++)
        {
            if (session is null)
            {
                return new BookingResult(BookingOutcome.SessionNotFound, null) { Reason = $"No payment session '{sessionId}'." };
            }

            switch (session.Status)
            {
                case PaymentSessionStatus.Booked:
                    return new BookingResult(BookingOutcome.AlreadyBooked, session)
                    {
                        InterviewId = session.InterviewId,
                        InterviewerId = session.InterviewerId,
                    };
                case PaymentSessionStatus.RefundRequired:
                    return new BookingResult(BookingOutcome.RefundRequired, session) { Reason = session.StatusReason };
                case PaymentSessionStatus.Paid:
                case PaymentSessionStatus.Booking:
                    break;
                default:
                    return new BookingResult(BookingOutcome.NotPaid, session) { Reason = $"The session is {session.Status}." };
            }

            var now = _clock.GetCurrentInstant();
            if (session.Status == PaymentSessionStatus.Booking && now - session.UpdatedAt < _options.CurrentValue.BookingClaimTimeout)
            {
                return new BookingResult(BookingOutcome.InProgress, session) { Reason = "Another worker is booking this session." };
            }

            var snapshot = await ReadSnapshotAsync(session).ConfigureAwait(false);

            // Paid -> Booking claims; Booking -> Booking takes over the claim of a worker that stopped. One writer wins either way.
            var claim = await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(sessionId, session.Status, PaymentSessionStatus.Booking, now) { ExpectedVersion = session.Version },
                cancellationToken).ConfigureAwait(false);
            if (!claim.Succeeded)
            {
                session = claim.Session;
                continue;
            }

            if (session.Status == PaymentSessionStatus.Booking)
            {
                Log.ClaimTakenOver(_logger, sessionId);
            }

            using var activity = InterviewBookingTelemetry.Source.StartActivity("InterviewBooking.Fulfillment");
            activity?.SetTag("interviewbooking.session_id", sessionId.Value);
            activity?.SetTag("interviewbooking.interviewer_id", snapshot.Interviewer.Id.Value);
            var result = await BookClaimedAsync(claim.Session!, snapshot, firstClaim: false, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("interviewbooking.outcome", result.Outcome.ToString());
            if (result.Outcome == BookingOutcome.Booked && session.Status == PaymentSessionStatus.Paid)
            {
                // The claimed session last changed when it became paid.
                InterviewBookingTelemetry.PaymentToBookedHistogram.Record((_clock.GetCurrentInstant() - session.UpdatedAt).TotalSeconds);
            }

            return result;
        }

        return new BookingResult(BookingOutcome.InProgress, session) { Reason = "The session kept changing under concurrent writers; try again." };
    }

    private async Task<PreMatchedSnapshot> ReadSnapshotAsync(PaymentSession session)
    {
        try
        {
            return PreMatchedSnapshot.From(session);
        }
        catch (PreMatchedInterviewerException exception)
        {
            Log.PreMatchInvalid(_logger, session.Id, exception.Field);
            await FlagRefundAsync(session, exception.Message).ConfigureAwait(false);
            throw;
        }
    }

    /// <param name="claimed">The session as the claim left it.</param>
    /// <param name="snapshot">Its pre-matched interviewer, slot and hold.</param>
    /// <param name="firstClaim">
    /// The claim was taken in the transaction that marked the session paid: no interview has its key, so the default scheduler skips the
    /// look-up, and a completion store (when registered) books it in one step.
    /// </param>
    /// <param name="cancellationToken">Cancels the call before the booking is written; a claim already taken is given back.</param>
    private async Task<BookingResult> BookClaimedAsync(PaymentSession claimed, PreMatchedSnapshot snapshot, bool firstClaim, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler as InterviewScheduler;
        ScheduledInterview? built = null, existing = null;
        if (firstClaim && scheduler is not null && _completions is not null)
        {
            BookingCompletionResult completion;
            try
            {
                built = await scheduler.BuildAsync(ScheduleRequest(claimed, snapshot, snapshot.ReservationId), cancellationToken).ConfigureAwait(false);
                completion = await _completions.TryCompleteAsync(
                    new BookingCompletion(claimed.Id.Value, built, BookedTransition(claimed, snapshot, built.Id, built.ReservationId)),
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Log.SchedulingFailed(_logger, exception, claimed.Id);
                await GiveBackClaimAsync(claimed).ConfigureAwait(false);
                throw;
            }

            switch (completion.Outcome)
            {
                case BookingCompletionOutcome.Completed:
                    return Booked(completion.Session!, built.Id, snapshot);
                case BookingCompletionOutcome.SessionMoved:
                    return Superseded(completion.Session);
                case BookingCompletionOutcome.InterviewKeyTaken:
                    // Not ours to make again: the steps below book the one stored, as the scheduler's look-up would have returned it.
                    (built, existing) = (null, completion.Interview);
                    break;
                default:
                    // The hold ran out, or is not what the snapshot says: the steps below confirm, hold again, give back or flag, as
                    // without a completion store, and then store the interview built here (the link provider is not asked twice).
                    break;
            }
        }

        ReservationId reservationId;
        try
        {
            var confirmation = await ConfirmReservationAsync(claimed, snapshot, cancellationToken).ConfigureAwait(false);
            if (confirmation.LostReason is { } lostReason)
            {
                var flagged = await FlagRefundAsync(claimed, lostReason).ConfigureAwait(false);
                return new BookingResult(BookingOutcome.ReservationLost, flagged) { Reason = lostReason };
            }

            reservationId = confirmation.ReservationId;
        }
        catch (PreMatchedInterviewerException exception)
        {
            Log.PreMatchInvalid(_logger, claimed.Id, exception.Field);
            await FlagRefundAsync(claimed, exception.Message).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await GiveBackClaimAsync(claimed).ConfigureAwait(false);
            throw;
        }

        ScheduledInterview interview;
        try
        {
            var request = ScheduleRequest(claimed, snapshot, reservationId);
            interview = existing
                ?? (built is not null
                    ? await scheduler!.StoreAsync(built with { Request = request, ReservationId = reservationId }, cancellationToken).ConfigureAwait(false)
                    : firstClaim && scheduler is not null
                        ? await scheduler.ScheduleNewAsync(request, cancellationToken).ConfigureAwait(false)
                        : await _scheduler.ScheduleAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            Log.SchedulingFailed(_logger, exception, claimed.Id);
            await GiveBackClaimAsync(claimed).ConfigureAwait(false);
            throw;
        }

        var booked = await _sessions.TryTransitionAsync(
            BookedTransition(claimed, snapshot, interview.Id, reservationId), CancellationToken.None).ConfigureAwait(false);
        return booked.Succeeded ? Booked(booked.Session!, interview.Id, snapshot) : Superseded(booked.Session);
    }

    private static InterviewScheduleRequest ScheduleRequest(PaymentSession claimed, PreMatchedSnapshot snapshot, ReservationId reservationId) => new()
    {
        IdempotencyKey = claimed.Id.Value,
        PaymentSessionId = claimed.Id,
        Interviewer = snapshot.Interviewer,
        CandidateId = claimed.CandidateId,
        CandidateName = claimed.CandidateName,
        CandidateEmail = claimed.CandidateEmail,
        CandidateTimeZone = claimed.CandidateTimeZone,
        Slot = snapshot.Slot,
        ReservationId = reservationId,
        PlanId = claimed.PlanId,
        AddOns = claimed.AddOns,
    };

    /// <summary>The claimed session's change to Booked, with the Booked notification and the follow-ups in the outbox.</summary>
    private PaymentSessionTransition BookedTransition(PaymentSession claimed, PreMatchedSnapshot snapshot, InterviewId interviewId, ReservationId reservationId)
    {
        var bookedAt = _clock.GetCurrentInstant();
        return new PaymentSessionTransition(claimed.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, bookedAt)
        {
            ExpectedVersion = claimed.Version,
            InterviewId = interviewId,
            ReservationId = reservationId,
            Outbox =
            [
                .. NotificationMessages.With(_contributors, NotificationMessages.For(claimed.Id, BookingNotificationKind.Booked, bookedAt)),
                .. SessionOutboxMessages.FollowUps(claimed.Id, snapshot.Slot, claimed.InviteSequence, bookedAt, _options.CurrentValue),
            ],
        };
    }

    private BookingResult Booked(PaymentSession booked, InterviewId interviewId, PreMatchedSnapshot snapshot)
    {
        InterviewBookingTelemetry.BookedCounter.Add(1);
        Log.Booked(_logger, booked.Id, interviewId, snapshot.Interviewer.Id);
        return new BookingResult(BookingOutcome.Booked, booked) { InterviewId = interviewId, InterviewerId = snapshot.Interviewer.Id };
    }

    // A worker that took over our claim finished first (the scheduler gave it the same interview), or is still at it.
    private static BookingResult Superseded(PaymentSession? session) =>
        session is { Status: PaymentSessionStatus.Booked } other
            ? new BookingResult(BookingOutcome.AlreadyBooked, other) { InterviewId = other.InterviewId, InterviewerId = other.InterviewerId }
            : new BookingResult(BookingOutcome.InProgress, session) { Reason = "Another worker took over this booking." };

    /// <summary>Confirms the session's reservation, holding the same interviewer's slot again when the hold ran out but the slot is free.</summary>
    private async Task<(ReservationId ReservationId, string? LostReason)> ConfirmReservationAsync(
        PaymentSession session, PreMatchedSnapshot snapshot, CancellationToken cancellationToken)
    {
        var owner = session.Id.Value;

        // Confirm first and check what the store read back with it (one round trip, not a read and a confirm): only the owner's hold changes,
        // so a reservation of anyone else is refused unchanged, and one of ours that is not the snapshot's (data written by hand) is given back.
        var confirmed = await _reservations.TryConfirmAsync(snapshot.ReservationId, owner, cancellationToken).ConfigureAwait(false);
        if (confirmed.Reservation is { } reservation)
        {
            try
            {
                snapshot.EnsureMatches(session.Id, reservation);
            }
            catch (PreMatchedInterviewerException) when (confirmed.Succeeded)
            {
                await _reservations.TryCancelAsync(reservation.Id, owner, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            if (confirmed.Succeeded)
            {
                return (reservation.Id, null);
            }
        }

        // The hold ran out, was released, or is gone: hold the same interviewer's same slot again if nobody took it. It is the paid hold
        // restored, so it keeps the rules it was made with (the snapshot's), and the store checks buffers and the daily cap against everyone
        // who held since. No candidate cap: the session is paid, and the hold is confirmed at once.
        var now = _clock.GetCurrentInstant();
        var hold = await _reservations.TryHoldAsync(
            new HoldRequest(snapshot.Interviewer.Id, snapshot.Slot, owner, now + _options.CurrentValue.RenewedHoldDuration)
            {
                Rules = snapshot.Interviewer.Rules ?? HoldRules.None,
                Candidate = session.CandidateId,
            },
            cancellationToken).ConfigureAwait(false);
        if (!hold.Succeeded)
        {
            // An earlier attempt of this booking may have held the slot again already, then failed before recording it in the session
            // (a scheduler failure, a worker that died): that reservation is this session's own, not a rival's.
            if (hold.ConflictingReservationId is { } conflicting
                && await ConfirmOwnReservationAsync(conflicting, owner, snapshot, cancellationToken).ConfigureAwait(false))
            {
                return (conflicting, null);
            }

            var by = hold.ConflictingReservationId is { } other ? $" by reservation '{other}'" : string.Empty;
            var what = hold.Refusal switch
            {
                HoldRefusal.Buffer => $"fell inside the buffers of another booking{by}",
                HoldRefusal.DailyCap => "is over the interviewer's daily cap",
                _ => $"was taken{by}",
            };
            return (default, $"The reserved slot {session.SelectedTimeSlot} of pre-matched interviewer '{snapshot.Interviewer.Id}' {what} after the hold '{snapshot.ReservationId}' ended; refund required.");
        }

        var renewed = await _reservations.TryConfirmAsync(hold.Reservation!.Id, owner, cancellationToken).ConfigureAwait(false);
        if (!renewed.Succeeded)
        {
            return (default, $"The renewed hold '{hold.Reservation.Id}' of pre-matched interviewer '{snapshot.Interviewer.Id}' could not be confirmed ({renewed.Outcome}); refund required.");
        }

        Log.Reheld(_logger, session.Id, snapshot.ReservationId, hold.Reservation.Id, snapshot.Interviewer.Id);
        return (hold.Reservation.Id, null);
    }

    /// <summary>Whether the reservation is this session's own of the pre-matched interviewer and slot, and now confirmed.</summary>
    private async Task<bool> ConfirmOwnReservationAsync(ReservationId id, string owner, PreMatchedSnapshot snapshot, CancellationToken cancellationToken)
    {
        var reservation = await _reservations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (reservation is null || !string.Equals(reservation.Owner, owner, StringComparison.Ordinal)
            || reservation.InterviewerId != snapshot.Interviewer.Id || reservation.Slot != snapshot.Slot)
        {
            return false;
        }

        return reservation.Status == ReservationStatus.Confirmed
            || (await _reservations.TryConfirmAsync(id, owner, cancellationToken).ConfigureAwait(false)).Succeeded;
    }

    /// <summary>Flags the session for refund, with its notification in the outbox; not cancelable, so a paid session is never left without an outcome.</summary>
    internal async Task<PaymentSession?> FlagRefundAsync(PaymentSession session, string reason)
    {
        if (!PaymentSessionStateMachine.IsAllowed(session.Status, PaymentSessionStatus.RefundRequired))
        {
            return session;
        }

        var now = _clock.GetCurrentInstant();
        var flagged = await _sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, session.Status, PaymentSessionStatus.RefundRequired, now)
            {
                ExpectedVersion = session.Version,
                Reason = reason,
                Outbox =
                [
                    NotificationMessages.For(session.Id, BookingNotificationKind.RefundRequired, now, reason: reason),
                    SessionOutboxMessages.Refund(session.Id, now, session.Price.Total, reason), // paid: the payment equalled the price
                ],
            },
            CancellationToken.None).ConfigureAwait(false);
        if (flagged.Succeeded)
        {
            InterviewBookingTelemetry.RefundsRequiredCounter.Add(1);
            Log.RefundRequired(_logger, session.Id, reason);
        }

        return flagged.Session;
    }

    private async Task GiveBackClaimAsync(PaymentSession claimed)
    {
        // Best effort: if this fails too, the claim times out and the next delivery takes it over.
        try
        {
            await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(claimed.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Paid, _clock.GetCurrentInstant())
                {
                    ExpectedVersion = claimed.Version,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The original failure is what the caller must see.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
