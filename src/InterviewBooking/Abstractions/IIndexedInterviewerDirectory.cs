namespace InterviewBooking;

/// <summary>
/// A directory that keeps its interviewers in an <see cref="InterviewerIndex"/>. <see cref="ScoringInterviewerMatcher"/> reads the
/// index instead of calling <see cref="IInterviewerDirectory.FindAsync"/>, so a match among many interviewers scores only those
/// who could take the slot.
/// </summary>
/// <remarks>
/// Contract: <see cref="Index"/> always holds exactly the directory's interviewers, so <see cref="IInterviewerDirectory.GetAsync"/>
/// and <see cref="IInterviewerDirectory.FindAsync"/> agree with it (the in-memory directory answers both from the index).
/// A directory that cannot keep such an index implements <see cref="IInterviewerDirectory"/> alone; the matcher then scores every
/// interviewer <see cref="IInterviewerDirectory.FindAsync"/> returns.
/// </remarks>
public interface IIndexedInterviewerDirectory : IInterviewerDirectory
{
    /// <summary>The index of the directory's interviewers; the same instance for the directory's lifetime.</summary>
    InterviewerIndex Index { get; }
}
