namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate sends to start a booking. No candidate id (it comes from the caller's claims), price, status or interviewer.</summary>
public sealed record StartBookingBody
{
    /// <summary>The candidate's name, for the interviewer and the notifications.</summary>
    public string? CandidateName { get; init; }

    /// <summary>Where the candidate's notifications go.</summary>
    public string? CandidateEmail { get; init; }

    /// <summary>The candidate's years of experience.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>The candidate's skill categories (<c>Backend</c>, say).</summary>
    public IReadOnlyList<string>? SkillCategories { get; init; }

    /// <summary>The candidate's skills (<c>Java</c>, say).</summary>
    public IReadOnlyList<string>? Skills { get; init; }

    /// <summary>When the interview starts; it lasts as long as the plan.</summary>
    public Instant? SlotStart { get; init; }

    /// <summary>The candidate's IANA time zone (<c>Europe/London</c>), for the slot's text.</summary>
    public string? TimeZone { get; init; }

    /// <summary>One of the configured plans.</summary>
    public string? PlanId { get; init; }

    /// <summary>Add-on ids.</summary>
    public IReadOnlyList<string>? AddOns { get; init; }

    /// <summary>A coupon code, or <see langword="null"/>.</summary>
    public string? CouponCode { get; init; }

    /// <summary>A key the client repeats when it retries the same start; the same session is answered.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The token of a preview (<c>POST /bookings/preview</c>): the start then holds exactly that interviewer, or refuses.</summary>
    public string? PreviewToken { get; init; }
}
