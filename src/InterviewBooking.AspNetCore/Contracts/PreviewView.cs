namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>
/// Who a start would hold, and the token that books exactly them: send it back as <see cref="StartBookingBody.PreviewToken"/>.
/// </summary>
/// <param name="Interviewer">The interviewer (no email).</param>
/// <param name="Score">Their score and its parts.</param>
/// <param name="Slot">The slot.</param>
/// <param name="Price">The price and its lines.</param>
/// <param name="Token">The signed preview token.</param>
/// <param name="ExpiresAt">When the token stops being accepted.</param>
public sealed record PreviewView(InterviewerView Interviewer, ScoreView Score, SlotView Slot, PriceView Price, string Token, Instant ExpiresAt);
