using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Preview, then book exactly that: shows the candidate who a start would hold, and starts with that interviewer or not at all.
/// </summary>
/// <remarks>
/// <para>A preview matches the request like a start (nothing is held) and issues a token signed with
/// <see cref="InterviewBookingOptions.PreviewTokenKey"/> (HMAC-SHA256) naming the candidate, the interviewer, the slot and the plan,
/// valid for <see cref="InterviewBookingOptions.PreviewTokenLifetime"/>. The client cannot choose or change the interviewer: any edit
/// breaks the signature, and every instance sharing the key accepts the token.</para>
/// <para>A start with the token is refused (<see cref="BookingStartOutcome.PreviewRefused"/>) unless the signature holds, it has not
/// expired, and the request names the same candidate, slot and plan. It then ranks that interviewer alone by the current profile and
/// reservations: when they no longer qualify or are not free the outcome is <see cref="BookingStartOutcome.PreviewUnavailable"/>, and when
/// their hold is refused it is <see cref="BookingStartOutcome.SlotTaken"/>; nobody else is ever tried.</para>
/// <para>Idempotency: a start with a token and an <see cref="InterviewRequest.IdempotencyKey"/> the candidate already used replays that
/// session, as <see cref="BookingService.StartAsync(InterviewRequest, CancellationToken)"/> does, only when the session holds the token's
/// interviewer; otherwise it is an <see cref="IdempotencyKeyConflictException"/>. A retried start with the same token and key therefore
/// answers with the first one's session, even after the token expired.</para>
/// </remarks>
public sealed class BookingPreviewService
{
    private readonly BookingService _booking;
    private readonly IInterviewerMatcher _matcher;
    private readonly IInterviewerDirectory _directory;
    private readonly IReservationStore _reservations;
    private readonly PriceCalculator _prices;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;

    /// <summary>Creates the service.</summary>
    public BookingPreviewService(
        BookingService booking,
        IInterviewerMatcher matcher,
        IInterviewerDirectory directory,
        IReservationStore reservations,
        PriceCalculator prices,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock)
    {
        _booking = booking ?? throw new ArgumentNullException(nameof(booking));
        _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The interviewer a start would hold for the request now, with a token to book exactly them; nothing is held.</summary>
    /// <param name="request">What the candidate asks for (validated as a start's).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidInterviewRequestException">The request is malformed; the message names the field and value.</exception>
    /// <exception cref="InvalidOperationException"><see cref="InterviewBookingOptions.PreviewTokenKey"/> is not set.</exception>
    public async ValueTask<BookingPreview> PreviewAsync(InterviewRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var key = KeyOf(options);
        var now = _clock.GetCurrentInstant();
        var plan = ValidatedPlan(request, now);
        var price = _prices.Calculate(plan.Id, request.AddOns, request.CouponCode);
        var text = SlotText.Format(request.RequestedSlot, request.CandidateTimeZone);
        var result = await _matcher.MatchAsync(request, 1, cancellationToken).ConfigureAwait(false);
        if (result.Matches.Count == 0)
        {
            return new BookingPreview { Price = price, SlotText = text, Alternatives = result.Alternatives };
        }

        var match = result.Matches[0];
        var expiresAt = now + options.PreviewTokenLifetime;
        var token = new PreviewToken(request.CandidateId, match.Interviewer.Id, request.RequestedSlot, plan.Id, expiresAt);
        return new BookingPreview { Match = match, Token = token.Sign(key), ExpiresAt = expiresAt, Price = price, SlotText = text };
    }

    /// <summary>Starts the booking with exactly the previewed interviewer, or gives a typed outcome saying why not.</summary>
    /// <param name="request">The request previewed: the same candidate, slot and plan (add-ons and coupon are priced afresh).</param>
    /// <param name="previewToken">The token <see cref="PreviewAsync"/> issued.</param>
    /// <param name="cancellationToken">Cancels the call; a hold or session already written is undone.</param>
    /// <returns>The start's result; see the class remarks for <see cref="BookingStartOutcome.PreviewRefused"/> and <see cref="BookingStartOutcome.PreviewUnavailable"/>.</returns>
    /// <exception cref="InvalidInterviewRequestException">The request is malformed; the message names the field and value. Nothing was written.</exception>
    /// <exception cref="IdempotencyKeyConflictException">The candidate used the idempotency key for a different request or interviewer. Nothing was written.</exception>
    /// <exception cref="InvalidOperationException"><see cref="InterviewBookingOptions.PreviewTokenKey"/> is not set.</exception>
    public async Task<BookingStartResult> StartAsync(InterviewRequest request, string previewToken, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var key = KeyOf(options);
        var now = _clock.GetCurrentInstant();
        var plan = ValidatedPlan(request, now);
        var token = PreviewToken.Verify(previewToken, key);
        var refusal = token is null ? "The preview token is not one this server issued."
            : token.CandidateId != request.CandidateId ? "The preview token was issued to another candidate."
            : token.Slot != request.RequestedSlot || !string.Equals(token.PlanId, plan.Id, StringComparison.Ordinal) ? "The preview token names another slot or plan."
            : null;
        if (refusal is not null)
        {
            return new BookingStartResult(BookingStartOutcome.PreviewRefused) { Reason = refusal };
        }

        var pinned = new PinnedInterviewer(token!.InterviewerId, _directory, _reservations, options, _clock) { ExpiresAt = token.ExpiresAt };
        return await _booking.StartCoreAsync(request, pinned, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] KeyOf(InterviewBookingOptions options) =>
        options.PreviewTokenKey is { Length: > 0 } key
            ? Convert.FromBase64String(key) // the options validator checked it is base64 of at least 32 bytes
            : throw new InvalidOperationException("Previews need InterviewBookingOptions.PreviewTokenKey: base64 of at least 32 random bytes, the same on every instance.");

    private InterviewPlan ValidatedPlan(InterviewRequest request, Instant now)
    {
        InterviewRequestValidator.Validate(request, now);
        return BookingService.PlanOf(_prices, request);
    }
}
