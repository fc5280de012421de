namespace InterviewBooking;

/// <summary>What a candidate asks for. Holds no price and no interviewer: both are decided server-side.</summary>
public sealed record InterviewRequest
{
    /// <summary>The candidate's id in the host app.</summary>
    public required CandidateId CandidateId { get; init; }

    /// <summary>The candidate's name.</summary>
    public required string CandidateName { get; init; }

    /// <summary>The candidate's email address.</summary>
    public required string CandidateEmail { get; init; }

    /// <summary>The candidate's years of experience.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>Domains, most important first; the first is the primary domain.</summary>
    public IReadOnlyList<string> SkillCategories { get; init; } = [];

    /// <summary>Specific skills the candidate wants to be interviewed on.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>The slot asked for; its length must equal the plan's duration.</summary>
    public required Interval RequestedSlot { get; init; }

    /// <summary>The candidate's zone, used to render the slot for them.</summary>
    public required DateTimeZone CandidateTimeZone { get; init; }

    /// <summary>The id of a plan configured in <see cref="InterviewBookingOptions.Plans"/>.</summary>
    public required string PlanId { get; init; }

    /// <summary>Add-ons asked for.</summary>
    public IReadOnlyList<AddOnSelection> AddOns { get; init; } = [];

    /// <summary>A coupon code, if the candidate has one.</summary>
    public string? CouponCode { get; init; }

    /// <summary>Interviewers the candidate asked not to be matched with.</summary>
    public IReadOnlyCollection<InterviewerId> ExcludedInterviewers { get; init; } = [];

    /// <summary>
    /// An optional key that makes the start idempotent for this candidate (a double click, a retry after a timeout): a start with a key
    /// this candidate already used returns that session and its hold (<see cref="BookingStartResult.Replayed"/>) instead of holding again,
    /// for as long as the session exists, on any instance. The same key with a different request is an <see cref="IdempotencyKeyConflictException"/>.
    /// At most <see cref="IdText.MaxLength"/> characters.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
