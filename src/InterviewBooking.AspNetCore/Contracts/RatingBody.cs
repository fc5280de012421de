namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate sends to rate the interviewer after a completed interview; once.</summary>
public sealed record RatingBody
{
    /// <summary>From 1 to 5.</summary>
    public int? Stars { get; init; }

    /// <summary>An optional comment, at most 4,000 characters.</summary>
    public string? Comment { get; init; }
}
