namespace InterviewBooking;

/// <summary>An interviewer as the directory knows them.</summary>
public sealed record InterviewerProfile
{
    /// <summary>The interviewer's id.</summary>
    public required InterviewerId Id { get; init; }

    /// <summary>Display name, as it goes into the match snapshot and the invite.</summary>
    public required string Name { get; init; }

    /// <summary>Email address the booking is sent to.</summary>
    public required string Email { get; init; }

    /// <summary>The interviewer's company, if any.</summary>
    public string? Company { get; init; }

    /// <summary>Years of professional experience.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>Domains the interviewer covers ("Backend", "System Design"), matched as whole tokens.</summary>
    public IReadOnlyList<string> SkillCategories { get; init; } = [];

    /// <summary>Specific skills ("Java", "Kubernetes"), matched as whole tokens.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>The zone the interviewer's weekly availability is written in.</summary>
    public required DateTimeZone TimeZone { get; init; }

    /// <summary>Weekly windows of local time (in <see cref="TimeZone"/>) when the interviewer takes interviews.</summary>
    public IReadOnlyList<WeeklyWindow> WeeklyAvailability { get; init; } = [];

    /// <summary>The most interviews (held or confirmed) the interviewer takes on one local day.</summary>
    public int MaxInterviewsPerDay { get; init; } = 6;

    /// <summary>Whether the interviewer takes new bookings at all.</summary>
    public bool IsActive { get; init; } = true;
}
