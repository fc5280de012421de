namespace InterviewBooking;

/// <summary>What the matcher found for a request.</summary>
public sealed record MatchResult
{
    /// <summary>An empty result.</summary>
    public static MatchResult Empty { get; } = new() { Matches = [] };

    /// <summary>Interviewers free for the requested slot, best first (ties broken deterministically).</summary>
    public required IReadOnlyList<InterviewerMatch> Matches { get; init; }

    /// <summary>
    /// When no interviewer is free for the requested slot: the nearest other slots of the best interviewers, nearest first,
    /// each checked against the interviewer's availability rules and busy time. Empty when <see cref="Matches"/> is not.
    /// </summary>
    public IReadOnlyList<SlotAlternative> Alternatives { get; init; } = [];
}
