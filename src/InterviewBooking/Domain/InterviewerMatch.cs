namespace InterviewBooking;

/// <summary>One ranked candidate interviewer for a request.</summary>
/// <param name="Interviewer">The interviewer.</param>
/// <param name="Score">The score with its breakdown.</param>
/// <param name="Slot">The slot the score was computed for.</param>
public sealed record InterviewerMatch(InterviewerProfile Interviewer, MatchScore Score, Interval Slot);
