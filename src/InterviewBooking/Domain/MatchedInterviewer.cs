namespace InterviewBooking;

/// <summary>
/// The snapshot of the match stored in a payment session (the seed's <c>matched_interviewer</c>).
/// Auto-booking reads only this snapshot; it never asks the matcher again.
/// </summary>
public sealed record MatchedInterviewer
{
    /// <summary>The interviewer's id (<c>id</c>).</summary>
    public required InterviewerId Id { get; init; }

    /// <summary>The interviewer's name (<c>interviewer_name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The interviewer's email (<c>interviewer_email</c>).</summary>
    public required string Email { get; init; }

    /// <summary>The interviewer's company (<c>company</c>).</summary>
    public string? Company { get; init; }

    /// <summary>The match score with its breakdown (<c>match_score</c> is its total).</summary>
    public required MatchScore Score { get; init; }

    /// <summary>
    /// The interviewer's rules the hold was made with (<c>hold_rules</c>): a hold made again after payment (the first ran out) is this same
    /// hold restored, under the same rules, without asking the directory. <see langword="null"/> in sessions written before the rules were kept.
    /// </summary>
    public HoldRules? Rules { get; init; }

    /// <summary>Creates the snapshot of a match.</summary>
    public static MatchedInterviewer From(InterviewerMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var interviewer = match.Interviewer;
        return new MatchedInterviewer
        {
            Id = interviewer.Id,
            Name = interviewer.Name,
            Email = interviewer.Email,
            Company = interviewer.Company,
            Score = match.Score,
            Rules = HoldRules.Of(interviewer),
        };
    }
}
