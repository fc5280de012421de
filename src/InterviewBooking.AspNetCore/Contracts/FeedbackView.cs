namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>The interviewer's written feedback for the candidate.</summary>
/// <param name="Text">The feedback.</param>
/// <param name="SubmittedAt">When it was given.</param>
public sealed record FeedbackView(string Text, Instant SubmittedAt);
