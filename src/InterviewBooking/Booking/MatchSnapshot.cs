namespace InterviewBooking;

/// <summary>
/// The snapshot a new payment session keeps of the match it holds: the one place it is written, so a start and a free rebooking
/// record the same fields the same way (auto-booking later reads only these).
/// </summary>
internal static class MatchSnapshot
{
    /// <summary>The session with the matched interviewer, the slot as the candidate reads it (their zone must be set), the score and the hold (whose end the session's <c>ExpiresAt</c> already names).</summary>
    public static PaymentSession WithMatch(this PaymentSession session, InterviewerMatch match, Reservation hold) => session with
    {
        MatchedInterviewer = MatchedInterviewer.From(match),
        InterviewerId = match.Interviewer.Id,
        SelectedTimeSlot = SlotText.Format(match.Slot, session.CandidateTimeZone),
        SelectedDate = SlotText.LocalDateOf(match.Slot, session.CandidateTimeZone),
        MatchScore = match.Score.Total,
        Slot = match.Slot,
        ReservationId = hold.Id,
    };
}
