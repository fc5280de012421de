namespace InterviewBooking;

/// <summary>An explainable match score: experience (0..30), skills (0..40) and availability (0..30) add up to 0..100.</summary>
public readonly record struct MatchScore
{
    /// <summary>The most points for experience.</summary>
    public const int MaxExperience = 30;

    /// <summary>The most points for skills.</summary>
    public const int MaxSkills = 40;

    /// <summary>The most points for availability.</summary>
    public const int MaxAvailability = 30;

    /// <summary>Creates a score from its parts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is outside its range.</exception>
    public MatchScore(int experience, int skills, int availability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(experience);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(experience, MaxExperience);
        ArgumentOutOfRangeException.ThrowIfNegative(skills);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(skills, MaxSkills);
        ArgumentOutOfRangeException.ThrowIfNegative(availability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(availability, MaxAvailability);
        Experience = experience;
        Skills = skills;
        Availability = availability;
    }

    /// <summary>Points for experience, 0..30.</summary>
    public int Experience { get; }

    /// <summary>Points for skills, 0..40.</summary>
    public int Skills { get; }

    /// <summary>Points for availability, 0..30.</summary>
    public int Availability { get; }

    /// <summary>The total, 0..100.</summary>
    public int Total => Experience + Skills + Availability;
}
