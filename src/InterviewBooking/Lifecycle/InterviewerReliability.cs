namespace InterviewBooking;

/// <summary>How reliable an interviewer has been, as the interview store counts it from the interviews it keeps.</summary>
/// <param name="InterviewerId">The interviewer.</param>
/// <param name="NoShows">Interviews they did not show for (<see cref="InterviewStatus.InterviewerNoShow"/>).</param>
/// <param name="LateCancellations">Interviews they canceled with less notice than the full-refund notice.</param>
/// <param name="Ratings">How many candidates rated them.</param>
/// <param name="MeanRating">The mean of those ratings (1-5), or <see langword="null"/> when none.</param>
public sealed record InterviewerReliability(InterviewerId InterviewerId, int NoShows, int LateCancellations, int Ratings, double? MeanRating)
{
    /// <summary>
    /// Interviews they attended: <see cref="InterviewStatus.Completed"/> or <see cref="InterviewStatus.CandidateNoShow"/>. With
    /// <see cref="NoShows"/> and <see cref="LateCancellations"/> it makes the interviews that tested whether they show up.
    /// </summary>
    public int Attended { get; init; }

    /// <summary>The record of an interviewer with no history.</summary>
    public static InterviewerReliability None(InterviewerId interviewerId) => new(interviewerId, 0, 0, 0, null);
}
