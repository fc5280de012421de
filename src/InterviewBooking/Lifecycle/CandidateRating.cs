namespace InterviewBooking;

/// <summary>The candidate's rating of the interviewer.</summary>
/// <param name="Stars">From <see cref="MinStars"/> to <see cref="MaxStars"/>.</param>
/// <param name="Comment">An optional comment; personal, so it is never logged nor sent to a payment provider (<see cref="ToString"/> leaves it out).</param>
/// <param name="RatedAt">When it was given.</param>
public sealed record CandidateRating(int Stars, string? Comment, Instant RatedAt)
{
    /// <summary>The lowest rating.</summary>
    public const int MinStars = 1;

    /// <summary>The highest rating.</summary>
    public const int MaxStars = 5;

    /// <summary>The most characters a comment may have.</summary>
    public const int MaxCommentLength = 4_000;

    /// <summary>A description without the comment, so a log line or an exception that prints the record never carries it.</summary>
    public override string ToString() => $"CandidateRating {{ Stars = {Stars}, CommentLength = {Comment?.Length ?? 0}, RatedAt = {RatedAt} }}";
}
