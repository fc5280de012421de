using System.Globalization;

namespace InterviewBooking;

/// <summary>Asks to hold an interviewer's slot while a candidate pays.</summary>
/// <param name="InterviewerId">The interviewer.</param>
/// <param name="Slot">The slot, with both ends and a positive length.</param>
/// <param name="Owner">Who holds it: the payment session id.</param>
/// <param name="HeldUntil">When the hold stops blocking the slot unless confirmed.</param>
public sealed record HoldRequest(InterviewerId InterviewerId, Interval Slot, string Owner, Instant HeldUntil)
{
    /// <summary>The interviewer's buffers and daily cap, enforced by the store with the overlap check. Default <see cref="HoldRules.None"/>.</summary>
    public HoldRules Rules { get; init; } = HoldRules.None;

    /// <summary>The candidate the hold is for; recorded on the reservation, and what <see cref="MaxActiveCandidateHolds"/> counts. Default none.</summary>
    public CandidateId Candidate { get; init; }

    /// <summary>
    /// The most active holds (<see cref="ReservationStatus.Held"/>, not run out) <see cref="Candidate"/> may have, this one included, or
    /// <see langword="null"/> for no cap. Needs <see cref="Candidate"/>. Default none.
    /// </summary>
    public int? MaxActiveCandidateHolds { get; init; }

    /// <summary>A limited coupon whose use the hold reserves in the same atomic step, or <see langword="null"/>. Default none.</summary>
    public CouponUse? Coupon { get; init; }

    /// <summary>
    /// Checks a request as every <see cref="IReservationStore"/> does before holding, so all adapters refuse the same requests with the
    /// same messages: an interviewer, a slot with both ends and a positive length, an owner, and <see cref="HeldUntil"/> after <paramref name="now"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="now">The store's current instant.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The request names no interviewer, its slot lacks a start, an end or a positive length, its owner is blank, <see cref="HeldUntil"/> is
    /// not after <paramref name="now"/>, its <see cref="Rules"/> are out of range (<see cref="HoldRules.Validate"/>), its candidate cap is below 1
    /// or lacks a candidate, or its coupon has a blank code or a limit below 1.
    /// </exception>
    public static void Validate(HoldRequest request, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InterviewerId.IsEmpty)
        {
            throw new ArgumentException("A hold needs an interviewer id; InterviewerId is empty.", nameof(request));
        }

        var slot = request.Slot;
        if (!slot.HasStart || !slot.HasEnd)
        {
            throw new ArgumentException($"A hold's slot needs both a start and an end; Slot is {slot}.", nameof(request));
        }

        if (slot.End <= slot.Start)
        {
            throw new ArgumentException($"A hold's slot must have a positive length; Slot is {slot}.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Owner))
        {
            throw new ArgumentException($"A hold needs an owner (the payment session id); Owner is \"{request.Owner}\".", nameof(request));
        }

        if (request.HeldUntil <= now)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A hold must last past now ({now}); HeldUntil is {request.HeldUntil}."), nameof(request));
        }

        HoldRules.Validate(request.Rules);
        if (request.MaxActiveCandidateHolds is { } cap && (cap < 1 || request.Candidate.IsEmpty))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A hold's MaxActiveCandidateHolds must be at least 1 and needs a Candidate; got {cap} for candidate \"{request.Candidate}\"."), nameof(request));
        }

        if (request.Coupon is { } coupon && (string.IsNullOrWhiteSpace(coupon.Code) || coupon.UsageLimit < 1))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A hold's coupon needs a code and a UsageLimit of at least 1; got \"{coupon.Code}\" with {coupon.UsageLimit}."), nameof(request));
        }
    }
}
