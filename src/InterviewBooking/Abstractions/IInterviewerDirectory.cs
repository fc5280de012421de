namespace InterviewBooking;

/// <summary>The interviewers a marketplace has.</summary>
public interface IInterviewerDirectory
{
    /// <summary>Reads one interviewer, or <see langword="null"/> when unknown.</summary>
    ValueTask<InterviewerProfile?> GetAsync(InterviewerId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The active interviewers who cover <paramref name="skillCategory"/> (compared as a <see cref="SkillToken"/>),
    /// or every active interviewer when it is <see langword="null"/>.
    /// </summary>
    ValueTask<IReadOnlyList<InterviewerProfile>> FindAsync(string? skillCategory, CancellationToken cancellationToken = default);
}
