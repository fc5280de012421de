namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>
/// What a candidate sends to choose the free rebooking after the interviewer canceled or did not show: the new start and what to match
/// on. The plan, add-ons and price are the original's; the interviewer who canceled or did not show is never matched again.
/// </summary>
public sealed record RebookBody
{
    /// <summary>When the new interview starts; it lasts as long as the original.</summary>
    public Instant? SlotStart { get; init; }

    /// <summary>The candidate's years of experience, for the match.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>Skill categories to match (<c>Backend</c>, ...).</summary>
    public IReadOnlyList<string>? SkillCategories { get; init; }

    /// <summary>Skills to match.</summary>
    public IReadOnlyList<string>? Skills { get; init; }
}
