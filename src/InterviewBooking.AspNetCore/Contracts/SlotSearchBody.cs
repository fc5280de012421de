namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate sends to see the free slots of the interviewers who qualify for them.</summary>
public sealed record SlotSearchBody
{
    /// <summary>The candidate's years of experience.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>The candidate's skill categories.</summary>
    public IReadOnlyList<string>? SkillCategories { get; init; }

    /// <summary>The candidate's skills.</summary>
    public IReadOnlyList<string>? Skills { get; init; }

    /// <summary>The candidate's IANA time zone; slots are grouped by its days.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The plan; slots last its duration.</summary>
    public string? PlanId { get; init; }

    /// <summary>Where the search starts; now by default.</summary>
    public Instant? From { get; init; }

    /// <summary>How many days to search; 14 by default.</summary>
    public int? Days { get; init; }

    /// <summary>The most slots answered; 200 by default.</summary>
    public int? MaxSlots { get; init; }
}
