namespace InterviewBooking.Sample.Web;

/// <summary>What a client sends to start a booking. No price, status or interviewer: the server decides those.</summary>
public sealed record StartBookingRequest(
    string CandidateId,
    string CandidateName,
    string CandidateEmail,
    int ExperienceYears,
    string[] SkillCategories,
    string[] Skills,
    DateTimeOffset SlotStart,
    string TimeZone,
    string PlanId,
    string[]? AddOns = null,
    string? CouponCode = null)
{
    /// <summary>The library's request; the slot lasts as long as the plan (30 or 60 minutes).</summary>
    /// <exception cref="ArgumentException">The zone or the plan is unknown, or an id is blank.</exception>
    public InterviewRequest ToInterviewRequest()
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone ?? string.Empty)
            ?? throw new ArgumentException($"Unknown time zone \"{TimeZone}\"; use an IANA id such as \"Europe/London\".");
        var minutes = PlanId switch
        {
            "mock-30" => 30,
            "mock-60" => 60,
            _ => throw new ArgumentException($"Unknown plan \"{PlanId}\"; use \"mock-30\" or \"mock-60\"."),
        };
        var start = Instant.FromDateTimeOffset(SlotStart);
        return new InterviewRequest
        {
            CandidateId = new CandidateId(CandidateId),
            CandidateName = CandidateName,
            CandidateEmail = CandidateEmail,
            ExperienceYears = ExperienceYears,
            SkillCategories = SkillCategories ?? [],
            Skills = Skills ?? [],
            RequestedSlot = new Interval(start, start + Duration.FromMinutes(minutes)),
            CandidateTimeZone = zone,
            PlanId = PlanId,
            AddOns = (AddOns ?? []).Select(a => new AddOnSelection(a)).ToArray(),
            CouponCode = CouponCode,
        };
    }
}

/// <summary>What a client sees of a booking: its status, the pre-matched interviewer (no email), the slot and where to pay.</summary>
public sealed record BookingView(
    string PaymentSessionId,
    string Status,
    string? StatusReason,
    string? InterviewerId,
    string? InterviewerName,
    string? InterviewerCompany,
    string? SelectedTimeSlot,
    long AmountMinorUnits,
    string Currency,
    string? CheckoutUrl,
    string? InterviewId)
{
    /// <summary>The view of a stored session.</summary>
    public static BookingView From(PaymentSession session) => new(
        session.Id.Value,
        session.Status.ToString(),
        session.StatusReason,
        session.InterviewerId?.Value,
        session.MatchedInterviewer?.Name,
        session.MatchedInterviewer?.Company,
        session.SelectedTimeSlot,
        session.Price.Total.MinorUnits,
        session.Price.Total.Currency,
        session.Status == PaymentSessionStatus.Pending ? session.CheckoutUrl?.ToString() : null,
        session.InterviewId?.Value);
}
