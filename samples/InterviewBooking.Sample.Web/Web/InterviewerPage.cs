namespace InterviewBooking.Sample.Web;

/// <summary>Queries about one interviewer's own free times.</summary>
internal static class InterviewerPage
{
    /// <summary>A slot search the interviewer qualifies for by their own profile: their free times as the matcher sees them.</summary>
    public static SlotSearchQuery OwnQuery(InterviewerProfile interviewer, string planId, DateTimeZone zone) => new()
    {
        ExperienceYears = 0,
        SkillCategories = interviewer.SkillCategories.Take(1).ToArray(),
        Skills = interviewer.Skills,
        CandidateTimeZone = zone,
        PlanId = planId,
    };
}
