using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// The free rebooking a candidate may choose, instead of the full refund, after the interviewer canceled or did not show: a new, explicit
/// match that excludes that interviewer, at the price already paid, with no new payment. This is the only place where an interviewer other
/// than the pre-matched one is ever picked, and only at the candidate's request; <see cref="AutoBookingService"/> still never matches.
/// </summary>
/// <remarks>
/// The rebooking is a new payment session (<see cref="PaymentSession.RebookedFrom"/> names the original), created paid with its own match
/// snapshot and then booked by <see cref="AutoBookingService"/>; the original's snapshot is never rewritten. The original becomes
/// <see cref="PaymentSessionStatus.Rebooked"/> by a compare-and-set whose audit entry names the new session, so it can win or lose only
/// once against the refund (which closes the choice the same way before it refunds). The new session's id is derived from the original's,
/// so a repeat after a crash finds or finishes it.
/// </remarks>
public sealed class RebookingService
{
    /// <summary>The status reason the refund writes when it closes the choice of a rebooking.</summary>
    internal const string RefundStartedReason = "Refund started; a free rebooking can no longer be chosen.";

    private readonly IPaymentSessionStore _sessions;
    private readonly IInterviewStore _interviews;
    private readonly IInterviewerMatcher _matcher;
    private readonly IReservationStore _reservations;
    private readonly AutoBookingService _autoBooking;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public RebookingService(
        IPaymentSessionStore sessions,
        IInterviewStore interviews,
        IInterviewerMatcher matcher,
        IReservationStore reservations,
        AutoBookingService autoBooking,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        ILogger<RebookingService>? logger = null)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _interviews = interviews ?? throw new ArgumentNullException(nameof(interviews));
        _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _autoBooking = autoBooking ?? throw new ArgumentNullException(nameof(autoBooking));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The id of the session a rebooking of <paramref name="originalSessionId"/> creates.</summary>
    public static PaymentSessionId RebookedSessionId(PaymentSessionId originalSessionId) =>
        originalSessionId.IsEmpty
            ? throw new ArgumentException("A payment session id is required.", nameof(originalSessionId))
            : new PaymentSessionId(originalSessionId.Value + "-rebooked");

    /// <summary>
    /// Whether the candidate may choose a free rebooking of <paramref name="originalSessionId"/> now: the interviewer canceled or did not
    /// show, the refund has not started and <see cref="InterviewBookingOptions.RebookingChoiceWindow"/> is open. The same checks
    /// <see cref="RebookAsync"/> makes first, for a page or an API that offers the choice only when it can be made.
    /// </summary>
    /// <param name="originalSessionId">The session whose interviewer canceled or did not show.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<bool> IsOfferedAsync(PaymentSessionId originalSessionId, CancellationToken cancellationToken = default)
    {
        if (originalSessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(originalSessionId));
        }

        var original = await _sessions.GetAsync(originalSessionId, cancellationToken).ConfigureAwait(false);
        return original is { Status: PaymentSessionStatus.BookingCanceled }
            && await RefuseAsync(original, _clock.GetCurrentInstant(), _options.CurrentValue, cancellationToken).ConfigureAwait(false) is null;
    }

    /// <summary>
    /// Rebooks the original session with another interviewer for <paramref name="request"/>'s slot: matches with the original interviewer
    /// excluded, holds the best free one, marks the original <see cref="PaymentSessionStatus.Rebooked"/> (so its refund is not issued), creates
    /// the new paid session at the original's price and books it.
    /// </summary>
    /// <param name="originalSessionId">The session whose interviewer canceled or did not show.</param>
    /// <param name="request">
    /// What the candidate asks for now (skills, slot); it must name the original's candidate, plan and add-ons, since the price paid is kept.
    /// A coupon is ignored: nothing is paid.
    /// </param>
    /// <param name="cancellationToken">Cancels the call; a hold already made is given back.</param>
    /// <exception cref="InvalidInterviewRequestException">The request is malformed, or names another candidate, plan or add-ons than the original.</exception>
    public async Task<RebookingResult> RebookAsync(PaymentSessionId originalSessionId, InterviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var newId = RebookedSessionId(originalSessionId);
        var original = await _sessions.GetAsync(originalSessionId, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return new RebookingResult(RebookingOutcome.SessionNotFound, null) { Reason = $"No payment session '{originalSessionId}'." };
        }

        if (await _sessions.GetAsync(newId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return await BookAsync(RebookingOutcome.AlreadyRebooked, original, existing, null, cancellationToken).ConfigureAwait(false);
        }

        var now = _clock.GetCurrentInstant();
        var options = _options.CurrentValue;

        // Rebooked with no new session yet: a crash came between the two writes; finish with a fresh match.
        if (original.Status != PaymentSessionStatus.Rebooked && await RefuseAsync(original, now, options, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var excluded = original.InterviewerId ?? throw new InterviewBookingException($"Session '{original.Id}' names no interviewer to exclude.");
        var asked = Validate(original, request, now) with
        {
            ExcludedInterviewers = [.. request.ExcludedInterviewers.Append(excluded).Distinct()],
            CouponCode = null,
        };

        var matches = await _matcher.MatchAsync(asked, options.MaxHoldAttempts, cancellationToken).ConfigureAwait(false);
        foreach (var match in matches.Matches.Where(m => m.Interviewer.Id != excluded).Take(options.MaxHoldAttempts))
        {
            var hold = await _reservations.TryHoldAsync(
                new HoldRequest(match.Interviewer.Id, match.Slot, newId.Value, now + options.HoldDuration)
                {
                    Rules = HoldRules.Of(match.Interviewer),
                    Candidate = asked.CandidateId,
                },
                cancellationToken).ConfigureAwait(false);
            if (hold.Succeeded)
            {
                return await CommitAsync(original, asked, match, hold.Reservation!, excluded, cancellationToken).ConfigureAwait(false);
            }
        }

        if (original.Status == PaymentSessionStatus.Rebooked)
        {
            // The choice was made but its session never written, and nobody is free any more: the candidate is owed the refund after all.
            return await RefundInsteadAsync(original, cancellationToken).ConfigureAwait(false);
        }

        return new RebookingResult(RebookingOutcome.NoMatch, original)
        {
            Alternatives = matches.Alternatives,
            Reason = matches.Matches.Count == 0
                ? "No other interviewer matched the request for that slot."
                : $"None of the {matches.Matches.Count} other matching interviewers could be held for that slot.",
        };
    }

    private async Task<RebookingResult> RefundInsteadAsync(PaymentSession original, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        const string reason = "The free rebooking could not be completed (no other interviewer is free any more); refunded in full instead.";
        var flagged = await _sessions.TryTransitionAsync(
            new PaymentSessionTransition(original.Id, PaymentSessionStatus.Rebooked, PaymentSessionStatus.RefundRequired, now)
            {
                ExpectedVersion = original.Version,
                Reason = reason,
                Outbox =
                [
                    NotificationMessages.For(original.Id, BookingNotificationKind.RefundRequired, now, reason: reason),
                    SessionOutboxMessages.Refund(original.Id, now, original.Price.Total, reason),
                ],
            },
            cancellationToken).ConfigureAwait(false);
        return new RebookingResult(flagged.Succeeded ? RebookingOutcome.NoMatch : RebookingOutcome.Conflict, flagged.Session) { Reason = reason };
    }

    private async Task<RebookingResult?> RefuseAsync(PaymentSession original, Instant now, InterviewBookingOptions options, CancellationToken cancellationToken)
    {
        if (original.Status != PaymentSessionStatus.BookingCanceled)
        {
            return original.Status == PaymentSessionStatus.Refunded
                ? new RebookingResult(RebookingOutcome.ChoiceClosed, original) { Reason = "The session was refunded." }
                : new RebookingResult(RebookingOutcome.NotOffered, original) { Reason = $"The session is {original.Status}." };
        }

        var interview = original.InterviewId is { IsEmpty: false } interviewId
            ? await _interviews.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            : null;
        if (interview is not ({ Status: InterviewStatus.InterviewerNoShow } or { Status: InterviewStatus.Canceled, CanceledBy: InterviewParty.Interviewer }))
        {
            return new RebookingResult(RebookingOutcome.NotOffered, original)
            {
                Reason = $"A free rebooking follows the interviewer's cancellation or no-show; the interview is {interview?.Status.ToString() ?? "unknown"}"
                    + (interview?.CanceledBy is { } by ? $" (canceled by the {by})." : "."),
            };
        }

        if (string.Equals(original.StatusReason, RefundStartedReason, StringComparison.Ordinal))
        {
            return new RebookingResult(RebookingOutcome.ChoiceClosed, original) { Reason = "The refund has started." };
        }

        return now >= original.UpdatedAt + options.RebookingChoiceWindow
            ? new RebookingResult(RebookingOutcome.ChoiceClosed, original) { Reason = $"The choice closed at {original.UpdatedAt + options.RebookingChoiceWindow}." }
            : null;
    }

    private static InterviewRequest Validate(PaymentSession original, InterviewRequest request, Instant now)
    {
        InterviewRequestValidator.Validate(request, now);
        if (request.CandidateId != original.CandidateId)
        {
            throw new InvalidInterviewRequestException(nameof(request.CandidateId), request.CandidateId.Value, $"must be the original session's candidate '{original.CandidateId}'");
        }

        if (!string.Equals(request.PlanId, original.PlanId, StringComparison.Ordinal))
        {
            throw new InvalidInterviewRequestException(nameof(request.PlanId), request.PlanId, $"must be the original session's plan \"{original.PlanId}\": the price paid is kept");
        }

        static string AddOnsText(IEnumerable<AddOnSelection> addOns) =>
            string.Join(",", addOns.OrderBy(static a => a.AddOnId, StringComparer.Ordinal).Select(static a => $"{a.AddOnId}x{a.Quantity}"));
        if (!string.Equals(AddOnsText(request.AddOns), AddOnsText(original.AddOns), StringComparison.Ordinal))
        {
            throw new InvalidInterviewRequestException(nameof(request.AddOns), AddOnsText(request.AddOns), $"must be the original session's add-ons ({AddOnsText(original.AddOns)}): the price paid is kept");
        }

        if (original.Slot is { } slot && request.RequestedSlot.Duration != slot.Duration)
        {
            throw new InvalidInterviewRequestException(nameof(request.RequestedSlot), request.RequestedSlot.ToString(), $"must last {slot.Duration}, as the plan booked does");
        }

        return request;
    }

    private async Task<RebookingResult> CommitAsync(
        PaymentSession original, InterviewRequest request, InterviewerMatch match, Reservation hold, InterviewerId excluded, CancellationToken cancellationToken)
    {
        var newId = RebookedSessionId(original.Id);
        var now = _clock.GetCurrentInstant();
        if (original.Status != PaymentSessionStatus.Rebooked)
        {
            // The link, in the original's audit trail; wins or loses once against the refund closing the choice.
            var marked = await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(original.Id, PaymentSessionStatus.BookingCanceled, PaymentSessionStatus.Rebooked, now)
                {
                    ExpectedVersion = original.Version,
                    Reason = $"Rebooked as {newId} with interviewer {match.Interviewer.Id} instead of {excluded}; no refund.",
                },
                CancellationToken.None).ConfigureAwait(false);
            if (!marked.Succeeded)
            {
                await GiveBackAsync(hold).ConfigureAwait(false);
                return new RebookingResult(marked.Session?.Status == PaymentSessionStatus.Rebooked ? RebookingOutcome.Conflict : RebookingOutcome.ChoiceClosed, marked.Session)
                {
                    Reason = "The session changed meanwhile (its refund started, or another rebooking came first).",
                };
            }

            original = marked.Session!;
        }

        var rebooked = new PaymentSession
        {
            Id = newId,
            CandidateId = original.CandidateId,
            CandidateName = original.CandidateName,
            CandidateEmail = original.CandidateEmail,
            CandidateTimeZone = original.CandidateTimeZone,
            PlanId = original.PlanId,
            AddOns = original.AddOns,
            Price = original.Price,
            Status = PaymentSessionStatus.Paid,
            StatusReason = $"Free rebooking of {original.Id}, paid by it.",
            ProviderPaymentReference = original.ProviderPaymentReference,
            RebookedFrom = original.Id,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = hold.HeldUntil,
        }.WithMatch(match, hold);

        PaymentSession created;
        try
        {
            created = await _sessions.CreateAsync(rebooked, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DuplicatePaymentSessionException)
        {
            // A concurrent repeat created it first: this hold is a stray.
            await GiveBackAsync(hold).ConfigureAwait(false);
            created = await _sessions.GetAsync(newId, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InterviewBookingException($"Rebooked session '{newId}' was reported created but cannot be read.");
            return await BookAsync(RebookingOutcome.AlreadyRebooked, original, created, null, cancellationToken).ConfigureAwait(false);
        }

        InterviewBookingTelemetry.RebookingsCounter.Add(1);
        Log.Rebooked(_logger, original.Id, newId, match.Interviewer.Id, excluded);
        return await BookAsync(RebookingOutcome.Rebooked, original, created, match, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RebookingResult> BookAsync(
        RebookingOutcome outcome, PaymentSession original, PaymentSession rebooked, InterviewerMatch? match, CancellationToken cancellationToken)
    {
        // Auto-booking reads only the new session's snapshot, as after any payment.
        var booking = await _autoBooking.BookAsync(rebooked.Id, cancellationToken).ConfigureAwait(false);
        return new RebookingResult(outcome, original) { Rebooked = booking.Session ?? rebooked, Match = match, Booking = booking };
    }

    private async Task GiveBackAsync(Reservation reservation) =>
        await _reservations.TryReleaseAsync(reservation.Id, reservation.Owner, CancellationToken.None).ConfigureAwait(false);
}
