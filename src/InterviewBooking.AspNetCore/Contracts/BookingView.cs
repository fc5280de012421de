namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate sees of a booking: status, the pre-matched interviewer (no email), the slot, the price and where to pay.</summary>
/// <param name="Id">The payment session id.</param>
/// <param name="Status">The session's status (<c>Pending</c>, <c>Booked</c>, ...).</param>
/// <param name="StatusReason">Why it has that status, when recorded.</param>
/// <param name="Interviewer">The pre-matched interviewer.</param>
/// <param name="Score">Their score and its parts.</param>
/// <param name="Slot">The slot.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="Price">The price and its lines.</param>
/// <param name="CheckoutUrl">Where to pay, while pending.</param>
/// <param name="ExpiresAt">When the hold ends unless paid, for a countdown.</param>
/// <param name="InterviewId">The interview, once booked.</param>
/// <param name="Refund">The refund decided, once canceled.</param>
public sealed record BookingView(
    string Id,
    string Status,
    string? StatusReason,
    InterviewerView? Interviewer,
    ScoreView? Score,
    SlotView? Slot,
    string PlanId,
    PriceView Price,
    Uri? CheckoutUrl,
    Instant ExpiresAt,
    string? InterviewId,
    RefundView? Refund)
{
    /// <summary>The interview once booked: its status, who canceled, the interviewer's feedback, the rating and the rebooking choice.</summary>
    public InterviewView? Interview { get; init; }

    /// <summary>The view of a stored session.</summary>
    public static BookingView From(PaymentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var matched = session.MatchedInterviewer;
        return new(
            session.Id.Value,
            session.Status.ToString(),
            session.StatusReason,
            matched is null ? null : new InterviewerView(matched.Id.Value, matched.Name, matched.Company),
            matched is null ? null : ScoreView.From(matched.Score),
            session.Slot is { HasStart: true, HasEnd: true } slot ? new SlotView(slot.Start, slot.End, session.SelectedTimeSlot) : null,
            session.PlanId,
            PriceView.From(session.Price),
            session.Status == PaymentSessionStatus.Pending ? session.CheckoutUrl : null,
            session.ExpiresAt,
            session.InterviewId?.Value,
            session.Refund is { } refund ? new RefundView(refund.Amount.MinorUnits, refund.Amount.Currency, refund.Percent, refund.Policy) : null);
    }
}
