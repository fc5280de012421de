using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>The part of the flow before payment: match, hold the best free interviewer, record the match in a payment session, open the checkout.</summary>
public sealed class BookingService
{
    private readonly IInterviewerMatcher _matcher;
    private readonly IReservationStore _reservations;
    private readonly IPaymentSessionStore _sessions;
    private readonly ICouponRedemptionStore _coupons;
    private readonly IPaymentGateway _gateway;
    private readonly PriceCalculator _prices;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger<BookingService> _logger;
    private readonly IBusyTimeSource? _busyTime;

    /// <summary>Creates the service.</summary>
    public BookingService(
        IInterviewerMatcher matcher,
        IReservationStore reservations,
        IPaymentSessionStore sessions,
        ICouponRedemptionStore coupons,
        IPaymentGateway gateway,
        PriceCalculator prices,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        ILogger<BookingService>? logger = null,
        IBusyTimeSource? busyTime = null)
    {
        _busyTime = busyTime is NoBusyTimeSource ? null : busyTime;
        _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _coupons = coupons ?? throw new ArgumentNullException(nameof(coupons));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<BookingService>.Instance;
    }

    /// <summary>
    /// Matches the request, holds the best free interviewer's slot (the next-best when a hold conflicts, up to
    /// <see cref="InterviewBookingOptions.MaxHoldAttempts"/>), stores the match in a new payment session, and opens the checkout.
    /// </summary>
    /// <remarks>
    /// The hold carries the interviewer's rules (buffers, daily cap), the candidate's cap on active holds and a use of a limited coupon:
    /// the reservation store decides all of them in one atomic step with the overlap check, so racing starts on any instances cannot
    /// pass a rule together.
    /// With an <see cref="InterviewRequest.IdempotencyKey"/> the candidate already used, nothing is matched or held: the result is that
    /// session and its hold, <see cref="BookingStartResult.Replayed"/>. Two concurrent starts with one key, on any instances, end with one
    /// session: the one whose session is stored second releases its own hold and answers with the first one's.
    /// </remarks>
    /// <param name="request">What the candidate asks for; prices and interviewers are decided here, never taken from it.</param>
    /// <param name="cancellationToken">Cancels the call; a hold or session already written is undone.</param>
    /// <returns>The session and checkout URL, or why none was started.</returns>
    /// <exception cref="InvalidInterviewRequestException">The request is malformed; the message names the field and value. Nothing was written.</exception>
    /// <exception cref="IdempotencyKeyConflictException">The candidate used the idempotency key for a different request. Nothing was written.</exception>
    public Task<BookingStartResult> StartAsync(InterviewRequest request, CancellationToken cancellationToken = default) =>
        StartCoreAsync(request, pinned: null, cancellationToken);

    /// <summary>
    /// Starts as <see cref="StartAsync(InterviewRequest, CancellationToken)"/> does, or, with <paramref name="pinned"/>, for that one
    /// interviewer only (a preview's): <paramref name="pinned"/> ranks them for the request (empty when they no longer qualify or are not
    /// free), nobody else is tried, and a replayed key must name a session with that interviewer.
    /// </summary>
    internal async Task<BookingStartResult> StartCoreAsync(InterviewRequest request, PinnedInterviewer? pinned, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var now = _clock.GetCurrentInstant();
        InterviewRequestValidator.Validate(request, now);

        var plan = PlanOf(_prices, request);

        if (request.IdempotencyKey is not null)
        {
            // Priced first for the errors it raises (an unknown add-on or coupon): a malformed request is refused as such, whatever its key names.
            _ = _prices.Calculate(plan.Id, request.AddOns, request.CouponCode);
            if (await FindReplayAsync(request, pinned, cancellationToken).ConfigureAwait(false) is { } replayed)
            {
                return replayed;
            }
        }

        if (pinned is not null && pinned.HasExpired(now))
        {
            Log.NotStarted(_logger, request.CandidateId, BookingStartOutcome.PreviewRefused);
            return new BookingStartResult(BookingStartOutcome.PreviewRefused) { Reason = $"The preview token expired at {pinned.ExpiresAt}; preview again." };
        }

        var started = await StartNewAsync(request, pinned, plan, options, now, cancellationToken).ConfigureAwait(false);

        // A concurrent start with the same key may have held the interviewer this one would have (so it matched no one free, or lost the
        // hold), or its holds may fill the candidate's cap of active holds: then that start's session is the answer.
        if (request.IdempotencyKey is not null && started.Outcome is BookingStartOutcome.SlotTaken or BookingStartOutcome.NoMatch or BookingStartOutcome.HoldLimitReached or BookingStartOutcome.PreviewUnavailable
            && await FindReplayAsync(request, pinned, cancellationToken).ConfigureAwait(false) is { } concurrent)
        {
            return concurrent;
        }

        return started;
    }

    /// <summary>The request's plan, whose duration the requested slot must have.</summary>
    /// <exception cref="InvalidInterviewRequestException">The plan is unknown, or the slot lasts another length.</exception>
    internal static InterviewPlan PlanOf(PriceCalculator prices, InterviewRequest request)
    {
        var plan = prices.GetPlan(request.PlanId);
        if (request.RequestedSlot.Duration != plan.Duration)
        {
            throw new InvalidInterviewRequestException(
                nameof(request.RequestedSlot), request.RequestedSlot.ToString(), $"must last exactly {plan.Duration} for plan \"{plan.Id}\" (lasts {request.RequestedSlot.Duration})");
        }

        return plan;
    }

    private async Task<BookingStartResult> StartNewAsync(
        InterviewRequest request, PinnedInterviewer? pinned, InterviewPlan plan, InterviewBookingOptions options, Instant now, CancellationToken cancellationToken)
    {
        var price = _prices.Calculate(plan.Id, request.AddOns, request.CouponCode);
        if (price.CouponCode is { } couponCode && _prices.FindCoupon(couponCode)?.UsageLimit is { } limit
            && await _coupons.GetRedemptionCountAsync(couponCode, cancellationToken).ConfigureAwait(false) >= limit)
        {
            Log.NotStarted(_logger, request.CandidateId, BookingStartOutcome.CouponExhausted);
            return new BookingStartResult(BookingStartOutcome.CouponExhausted) { Reason = $"Coupon '{couponCode}' reached its usage limit of {limit}." };
        }

        MatchResult matches;
        using (var activity = InterviewBookingTelemetry.Source.StartActivity("InterviewBooking.Match"))
        {
            var startedAt = Stopwatch.GetTimestamp();
            matches = pinned is null
                ? await _matcher.MatchAsync(request, options.MaxHoldAttempts, cancellationToken).ConfigureAwait(false)
                : await pinned.MatchAsync(request, cancellationToken).ConfigureAwait(false);
            InterviewBookingTelemetry.MatchDurationHistogram.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
            activity?.SetTag("interviewbooking.matches", matches.Matches.Count);
        }

        if (matches.Matches.Count == 0 && pinned is not null)
        {
            Log.NotStarted(_logger, request.CandidateId, BookingStartOutcome.PreviewUnavailable);
            return new BookingStartResult(BookingStartOutcome.PreviewUnavailable)
            {
                Reason = $"The previewed interviewer '{pinned.Id}' no longer qualifies for the request or is no longer free for the slot; preview again.",
            };
        }

        if (matches.Matches.Count == 0)
        {
            Log.NotStarted(_logger, request.CandidateId, BookingStartOutcome.NoMatch);
            return new BookingStartResult(BookingStartOutcome.NoMatch)
            {
                Alternatives = matches.Alternatives,
                Reason = matches.Alternatives.Count == 0
                    ? "No interviewer matched the request at the minimum score."
                    : $"No interviewer is free for the requested slot; {matches.Alternatives.Count} other slots are offered.",
            };
        }

        var sessionId = PaymentSessionId.New();
        var heldUntil = now + options.HoldDuration;
        var coupon = price.CouponCode is { } code && _prices.FindCoupon(code)?.UsageLimit is { } usageLimit ? new CouponUse(code, usageLimit) : null;
        var conflicted = new List<InterviewerMatch>();
        var refusals = new List<HoldRefusal>();
        foreach (var match in matches.Matches.Take(options.MaxHoldAttempts))
        {
            if (await IsCalendarBusyAsync(match, cancellationToken).ConfigureAwait(false))
            {
                InterviewBookingTelemetry.HoldsConflictedCounter.Add(1, new KeyValuePair<string, object?>("refusal", RefusalTag(HoldRefusal.CalendarBusy)));
                Log.HoldConflicted(_logger, match.Interviewer.Id, HoldRefusal.CalendarBusy);
                conflicted.Add(match);
                refusals.Add(HoldRefusal.CalendarBusy);
                continue;
            }

            HoldResult hold;
            using (var activity = InterviewBookingTelemetry.Source.StartActivity("InterviewBooking.Hold"))
            {
                activity?.SetTag("interviewbooking.interviewer_id", match.Interviewer.Id.Value);
                hold = await _reservations.TryHoldAsync(
                    new HoldRequest(match.Interviewer.Id, match.Slot, sessionId.Value, heldUntil)
                    {
                        Rules = HoldRules.Of(match.Interviewer),
                        Candidate = request.CandidateId,
                        MaxActiveCandidateHolds = options.MaxActiveHoldsPerCandidate,
                        Coupon = coupon,
                    },
                    cancellationToken).ConfigureAwait(false);
                activity?.SetTag("interviewbooking.held", hold.Succeeded);
            }

            if (hold.Succeeded)
            {
                return await OpenCheckoutAsync(request, pinned, sessionId, match, hold.Reservation!, price, conflicted, refusals, cancellationToken).ConfigureAwait(false);
            }

            // The candidate's cap and the coupon refuse whoever the interviewer is: no next-best would be held either.
            if (hold.Refusal is HoldRefusal.CandidateHoldCap or HoldRefusal.CouponExhausted)
            {
                var outcome = hold.Refusal == HoldRefusal.CouponExhausted ? BookingStartOutcome.CouponExhausted : BookingStartOutcome.HoldLimitReached;
                Log.NotStarted(_logger, request.CandidateId, outcome);
                return new BookingStartResult(outcome)
                {
                    ConflictedMatches = conflicted,
                    Refusals = refusals,
                    Reason = outcome == BookingStartOutcome.CouponExhausted
                        ? $"Coupon '{coupon!.Code}' reached its usage limit of {coupon.UsageLimit} (paid uses and active holds)."
                        : $"The candidate already holds {options.MaxActiveHoldsPerCandidate} slots awaiting payment; pay for or give up one first.",
                };
            }

            InterviewBookingTelemetry.HoldsConflictedCounter.Add(1, new KeyValuePair<string, object?>("refusal", RefusalTag(hold.Refusal)));
            Log.HoldConflicted(_logger, match.Interviewer.Id, hold.Refusal);
            conflicted.Add(match);
            refusals.Add(hold.Refusal ?? HoldRefusal.SlotTaken);
        }

        Log.NotStarted(_logger, request.CandidateId, BookingStartOutcome.SlotTaken);
        return new BookingStartResult(BookingStartOutcome.SlotTaken)
        {
            ConflictedMatches = conflicted,
            Refusals = refusals,
            Reason = $"All {conflicted.Count} matching interviewers were refused for that slot ({string.Join(", ", refusals.Distinct())}).",
        };
    }

    private async Task<BookingStartResult> OpenCheckoutAsync(
        InterviewRequest request,
        PinnedInterviewer? pinned,
        PaymentSessionId sessionId,
        InterviewerMatch match,
        Reservation hold,
        Price price,
        List<InterviewerMatch> conflicted,
        List<HoldRefusal> refusals,
        CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var pending = new PaymentSession
        {
            Id = sessionId,
            CandidateId = request.CandidateId,
            CandidateName = request.CandidateName,
            CandidateEmail = request.CandidateEmail,
            CandidateTimeZone = request.CandidateTimeZone,
            PlanId = request.PlanId,
            AddOns = request.AddOns.ToArray(),
            Price = price,
            Status = PaymentSessionStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = hold.HeldUntil,
            IdempotencyKey = request.IdempotencyKey,
            RequestFingerprint = request.IdempotencyKey is null ? null : InterviewRequestFingerprint.Of(request),
        }.WithMatch(match, hold);

        PaymentSession session;
        try
        {
            session = await _sessions.CreateAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateIdempotencyKeyException)
        {
            // A concurrent start with the same key stored its session first: this hold is a stray, and that session is the answer.
            await ReleaseAsync(hold).ConfigureAwait(false);
            return await FindReplayAsync(request, pinned, cancellationToken).ConfigureAwait(false)
                ?? throw new InterviewBookingException($"Idempotency key '{request.IdempotencyKey}' of candidate '{request.CandidateId}' is taken, but no session has it.");
        }
        catch
        {
            await ReleaseAsync(hold).ConfigureAwait(false);
            throw;
        }

        CheckoutSession checkout;
        try
        {
            using (var activity = InterviewBookingTelemetry.Source.StartActivity("InterviewBooking.Checkout"))
            {
                activity?.SetTag("interviewbooking.session_id", session.Id.Value);
                checkout = await _gateway.CreateCheckoutAsync(session, cancellationToken).ConfigureAwait(false);
            }

            var attached = await _sessions.TryAttachCheckoutAsync(session.Id, checkout.ProviderReference, checkout.RedirectUrl, cancellationToken).ConfigureAwait(false);
            if (!attached.Succeeded)
            {
                throw new InterviewBookingException($"Checkout '{checkout.ProviderReference}' could not be attached to session '{session.Id}' (it is {attached.Session?.Status}).");
            }

            session = attached.Session!;
        }
        catch (Exception exception)
        {
            Log.CheckoutFailed(_logger, exception, session.Id, hold.Id);
            await ReleaseAsync(hold).ConfigureAwait(false);
            var canceled = await _sessions.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Canceled, _clock.GetCurrentInstant())
                {
                    ExpectedVersion = session.Version,
                    Reason = "The checkout could not be created.",
                },
                CancellationToken.None).ConfigureAwait(false);
            if (exception is OperationCanceledException)
            {
                throw;
            }

            return new BookingStartResult(BookingStartOutcome.CheckoutFailed)
            {
                Session = canceled.Session,
                ConflictedMatches = conflicted,
                Refusals = refusals,
                Reason = $"The checkout could not be created: {exception.Message}",
            };
        }

        InterviewBookingTelemetry.BookingsStartedCounter.Add(1);
        Log.BookingStarted(_logger, session.Id, match.Interviewer.Id, hold.Id, match.Score.Total);
        return new BookingStartResult(BookingStartOutcome.Started)
        {
            Session = session,
            Match = match,
            Reservation = hold,
            CheckoutUrl = checkout.RedirectUrl,
            ConflictedMatches = conflicted,
            Refusals = refusals,
        };
    }

    /// <summary>
    /// Re-reads the interviewer's outside calendar, when one is configured, right before the hold (the source re-reads when its cache
    /// is older than its bound): the matcher may have ranked from an older read.
    /// </summary>
    private async Task<bool> IsCalendarBusyAsync(InterviewerMatch match, CancellationToken cancellationToken)
    {
        if (_busyTime is null)
        {
            return false;
        }

        var margin = Duration.Max(match.Interviewer.BufferBefore, match.Interviewer.BufferAfter);
        var busy = await _busyTime.GetBusyTimeAsync([match.Interviewer.Id], new Interval(match.Slot.Start - margin, match.Slot.End + margin), BusyTimeUse.Hold, cancellationToken)
            .ConfigureAwait(false);
        return busy.TryGetValue(match.Interviewer.Id, out var time) && time.Blocks(match.Slot, margin);
    }

    private static string RefusalTag(HoldRefusal? refusal) => refusal switch
    {
        HoldRefusal.Buffer => "buffer",
        HoldRefusal.DailyCap => "daily_cap",
        HoldRefusal.CalendarBusy => "calendar_busy",
        _ => "slot_taken",
    };
    /// <summary>
    /// The candidate's session under the request's idempotency key as a replayed result, or <see langword="null"/> when there is none.
    /// </summary>
    /// <exception cref="IdempotencyKeyConflictException">
    /// The session was started for a different request, or (for a <paramref name="pinned"/> start) with another interviewer.
    /// </exception>
    private async Task<BookingStartResult?> FindReplayAsync(InterviewRequest request, PinnedInterviewer? pinned, CancellationToken cancellationToken)
    {
        var key = request.IdempotencyKey!;
        var existing = await _sessions.FindByIdempotencyKeyAsync(request.CandidateId, key, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }

        if (!string.Equals(existing.RequestFingerprint, InterviewRequestFingerprint.Of(request), StringComparison.Ordinal)
            || (pinned is not null && existing.InterviewerId != pinned.Id))
        {
            throw new IdempotencyKeyConflictException(request.CandidateId, key, existing.Id);
        }

        var reservation = existing.ReservationId is { IsEmpty: false } reservationId
            ? await _reservations.GetAsync(reservationId, cancellationToken).ConfigureAwait(false)
            : null;
        Log.StartReplayed(_logger, request.CandidateId, existing.Id, existing.Status);
        return new BookingStartResult(existing.Status == PaymentSessionStatus.Canceled ? BookingStartOutcome.CheckoutFailed : BookingStartOutcome.Started)
        {
            Session = existing,
            Reservation = reservation,
            CheckoutUrl = existing.Status == PaymentSessionStatus.Pending ? existing.CheckoutUrl : null,
            Replayed = true,
            Reason = existing.Status == PaymentSessionStatus.Pending ? null : $"The idempotency key names session '{existing.Id}', which is {existing.Status}.",
        };
    }

    // Undo a hold without letting the caller's cancellation leave it blocking the slot.
    private async Task ReleaseAsync(Reservation hold) =>
        await _reservations.TryReleaseAsync(hold.Id, hold.Owner, CancellationToken.None).ConfigureAwait(false);
}
