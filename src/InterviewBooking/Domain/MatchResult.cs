namespace InterviewBooking;

/// <summary>What the matcher found for a request.</summary>
public sealed record MatchResult
{
    /// <summary>An empty result.</summary>
    public static MatchResult Empty { get; } = new() { Matches = [] };

    /// <summary>Interviewers free for the requested slot, best first (ties broken deterministically).</summary>
    public required IReadOnlyList<InterviewerMatch> Matches { get; init; }
}
