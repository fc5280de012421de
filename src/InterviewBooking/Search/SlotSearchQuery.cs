namespace InterviewBooking;

/// <summary>
/// What a candidate searches free slots for: who they are as a candidate (experience, skills), the plan (whose duration every slot
/// has), their zone (for the slot text and the days), and the range. Holds no interviewer: the search picks the best one per slot.
/// </summary>
public sealed record SlotSearchQuery
{
    /// <summary>The candidate's years of experience.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>Domains, most important first; the first is the primary domain.</summary>
    public IReadOnlyList<string> SkillCategories { get; init; } = [];

    /// <summary>Specific skills the candidate wants to be interviewed on.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>The candidate's zone: slots are rendered and grouped by day in it.</summary>
    public required DateTimeZone CandidateTimeZone { get; init; }

    /// <summary>The id of a plan configured in <see cref="InterviewBookingOptions.Plans"/>; every slot lasts its duration.</summary>
    public required string PlanId { get; init; }

    /// <summary>Interviewers the candidate asked not to be matched with.</summary>
    public IReadOnlyCollection<InterviewerId> ExcludedInterviewers { get; init; } = [];

    /// <summary>The earliest start searched; the clock's now when <see langword="null"/> or earlier than now.</summary>
    public Instant? From { get; init; }

    /// <summary>How far after <see cref="From"/> starts are searched; <see cref="InterviewBookingOptions.SlotSearchRange"/> when <see langword="null"/>.</summary>
    public Duration? Range { get; init; }

    /// <summary>The most slots returned, 1..<see cref="InterviewBookingOptions.MaxSearchSlots"/>; that option when <see langword="null"/>.</summary>
    public int? MaxSlots { get; init; }

    /// <summary>The same candidate as an <see cref="InterviewRequest"/> for <paramref name="slot"/> (names and email left blank).</summary>
    internal InterviewRequest ToRequest(Interval slot) => new()
    {
        CandidateId = default,
        CandidateName = string.Empty,
        CandidateEmail = string.Empty,
        ExperienceYears = ExperienceYears,
        SkillCategories = SkillCategories,
        Skills = Skills,
        RequestedSlot = slot,
        CandidateTimeZone = CandidateTimeZone,
        PlanId = PlanId,
        ExcludedInterviewers = ExcludedInterviewers,
    };
}
