namespace InterviewBooking;

/// <summary>
/// The legal lifecycle changes of an interview. Every <see cref="IInterviewStore"/> refuses any other change, so all adapters agree on one
/// table: <see cref="InterviewStatus.Scheduled"/> ends once, as <see cref="InterviewStatus.Completed"/>, <see cref="InterviewStatus.CandidateNoShow"/>,
/// <see cref="InterviewStatus.InterviewerNoShow"/> or <see cref="InterviewStatus.Canceled"/>; <see cref="InterviewStatus.Completed"/> to itself
/// records feedback or a rating.
/// </summary>
public static class InterviewStateMachine
{
    /// <summary>Whether an interview may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(InterviewStatus from, InterviewStatus to) => from switch
    {
        InterviewStatus.Scheduled => to is InterviewStatus.Completed or InterviewStatus.CandidateNoShow or InterviewStatus.InterviewerNoShow or InterviewStatus.Canceled,
        InterviewStatus.Completed => to == InterviewStatus.Completed,
        _ => false,
    };

    /// <summary>Throws <see cref="InvalidInterviewTransitionException"/> when the change is not in the table.</summary>
    public static void EnsureAllowed(InterviewId interviewId, InterviewStatus from, InterviewStatus to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidInterviewTransitionException(interviewId, from, to);
        }
    }
}
