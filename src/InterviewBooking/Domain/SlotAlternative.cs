namespace InterviewBooking;

/// <summary>A slot offered instead of the requested one: an interviewer free for it, their score for it, and its text for the candidate.</summary>
/// <param name="Interviewer">The interviewer free for the slot.</param>
/// <param name="Score">The interviewer's score for this slot.</param>
/// <param name="Slot">The slot, as long as the requested one.</param>
/// <param name="SlotText">The slot in the candidate's zone, as <see cref="InterviewBooking.SlotText.Format"/> renders it.</param>
public sealed record SlotAlternative(InterviewerProfile Interviewer, MatchScore Score, Interval Slot, string SlotText)
{
    /// <summary>The alternative as a match, to request its slot.</summary>
    public InterviewerMatch ToMatch() => new(Interviewer, Score, Slot);
}
