namespace InterviewBooking;

/// <summary>
/// An explainable match score: experience, skills, availability and reliability add up to 0..100. With the default weights
/// (<see cref="InterviewBookingOptions.ExperienceWeight"/> and the others) the parts range over 0..30, 0..40 and 0..30, and reliability
/// is 0 (off; see <see cref="InterviewBookingOptions.ReliabilityWeight"/>).
/// </summary>
public readonly record struct MatchScore
{
    /// <summary>The most points for experience with the default weights.</summary>
    public const int MaxExperience = 30;

    /// <summary>The most points for skills with the default weights.</summary>
    public const int MaxSkills = 40;

    /// <summary>The most points for availability with the default weights.</summary>
    public const int MaxAvailability = 30;

    /// <summary>The most points in total.</summary>
    public const int MaxTotal = 100;

    /// <summary>Creates a score from its parts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is negative, or the parts add up to more than <see cref="MaxTotal"/>.</exception>
    public MatchScore(int experience, int skills, int availability)
        : this(experience, skills, availability, 0)
    {
    }

    /// <summary>Creates a score from its parts, reliability included.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is negative, or the parts add up to more than <see cref="MaxTotal"/>.</exception>
    public MatchScore(int experience, int skills, int availability, int reliability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(experience);
        ArgumentOutOfRangeException.ThrowIfNegative(skills);
        ArgumentOutOfRangeException.ThrowIfNegative(availability);
        ArgumentOutOfRangeException.ThrowIfNegative(reliability);
        if ((long)experience + skills + availability + reliability > MaxTotal)
        {
            throw new ArgumentOutOfRangeException(
                nameof(availability), availability, $"The parts of a score add up to at most {MaxTotal}; got {experience} + {skills} + {availability} + {reliability}.");
        }

        Experience = experience;
        Skills = skills;
        Availability = availability;
        Reliability = reliability;
    }

    /// <summary>Points for experience, 0..<see cref="InterviewBookingOptions.ExperienceWeight"/>.</summary>
    public int Experience { get; }

    /// <summary>Points for skills, 0..<see cref="InterviewBookingOptions.SkillsWeight"/>.</summary>
    public int Skills { get; }

    /// <summary>Points for availability, 0..<see cref="InterviewBookingOptions.AvailabilityWeight"/>.</summary>
    public int Availability { get; }

    /// <summary>
    /// Points for the interviewer's record of showing up and being rated well, 0..<see cref="InterviewBookingOptions.ReliabilityWeight"/>;
    /// always 0 while that weight is 0 (the default).
    /// </summary>
    public int Reliability { get; }

    /// <summary>The total, 0..100.</summary>
    public int Total => Experience + Skills + Availability + Reliability;
}
