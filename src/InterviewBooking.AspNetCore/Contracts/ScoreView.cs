namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>Why an interviewer was chosen: the score and its parts.</summary>
/// <param name="Total">The sum, out of <see cref="MatchScore.MaxTotal"/>.</param>
/// <param name="Experience">Out of <see cref="MatchScore.MaxExperience"/>.</param>
/// <param name="Skills">Out of <see cref="MatchScore.MaxSkills"/>.</param>
/// <param name="Availability">Out of <see cref="MatchScore.MaxAvailability"/>.</param>
/// <param name="Reliability">Out of <see cref="InterviewBookingOptions.ReliabilityWeight"/>; 0 while reliability is off (the default).</param>
public sealed record ScoreView(int Total, int Experience, int Skills, int Availability, int Reliability)
{
    /// <summary>The view of a score.</summary>
    public static ScoreView From(MatchScore score) => new(score.Total, score.Experience, score.Skills, score.Availability, score.Reliability);
}
