namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>The candidate's rating of the interviewer.</summary>
/// <param name="Stars">From 1 to 5.</param>
/// <param name="Comment">The comment, when given.</param>
/// <param name="RatedAt">When it was given.</param>
public sealed record RatingView(int Stars, string? Comment, Instant RatedAt);
