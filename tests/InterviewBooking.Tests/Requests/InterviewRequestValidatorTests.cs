namespace InterviewBooking.Tests.Requests;

public sealed class InterviewRequestValidatorTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 12, 0);
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 12, 14, 0);

    private static InterviewRequest Valid() => new()
    {
        CandidateId = new CandidateId("cand-1"),
        CandidateName = "Ada Lovelace",
        CandidateEmail = "ada@example.com",
        ExperienceYears = 5,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        RequestedSlot = new Interval(Start, Start + Duration.FromMinutes(30)),
        CandidateTimeZone = DateTimeZoneProviders.Tzdb["Europe/London"],
        PlanId = "mock-30",
        AddOns = [],
        CouponCode = "SAVE10",
        ExcludedInterviewers = [],
    };

    [Fact]
    public void A_valid_request_passes()
    {
        InterviewRequestValidator.Validate(Valid(), Now);
    }

    public static TheoryData<InterviewRequest> ValidEdges => new()
    {
        Valid() with { Skills = [] },
        Valid() with { ExperienceYears = 0 },
        Valid() with { ExperienceYears = 70 },
        Valid() with { CouponCode = null },
        Valid() with { CandidateName = new string('n', 200) },
        Valid() with { SkillCategories = Enumerable.Range(0, 50).Select(i => $"c{i}").ToArray() },
        Valid() with { Skills = [new string('s', 100)] },
        Valid() with { RequestedSlot = new Interval(Now + Duration.FromNanoseconds(1_000), Now + Duration.FromMinutes(30)) },
        Valid() with { RequestedSlot = new Interval(Now + InterviewRequestValidator.MaxLead - Duration.FromMinutes(30), Now + InterviewRequestValidator.MaxLead) },
        Valid() with { CandidateName = "Zoë Ødegård 山田 🚀" },
        Valid() with { CandidateEmail = "first.last+tag@sub.example.co.uk" },
        Valid() with { CandidateEmail = "\"quoted local\"@example.com" },
        Valid() with { IdempotencyKey = "a" },
        Valid() with { IdempotencyKey = new string('k', IdText.MaxLength) },
        Valid() with { ExcludedInterviewers = [new InterviewerId("iv-1"), new InterviewerId("iv-2")] },
        Valid() with { CandidateTimeZone = DateTimeZone.Utc },
        Valid() with { CandidateTimeZone = DateTimeZone.ForOffset(Offset.FromHoursAndMinutes(5, 30)) },
        Valid() with { CandidateTimeZone = DateTimeZoneProviders.Bcl.GetSystemDefault() },
    };

    [Theory]
    [MemberData(nameof(ValidEdges))]
    public void Values_at_the_limits_pass(InterviewRequest request)
    {
        InterviewRequestValidator.Validate(request, Now);
    }

    public static TheoryData<string, InterviewRequest> BadRequests => new()
    {
        { "CandidateId", Valid() with { CandidateId = default } },
        { "CandidateName", Valid() with { CandidateName = null! } },
        { "CandidateName", Valid() with { CandidateName = "  " } },
        { "CandidateName", Valid() with { CandidateName = new string('n', 201) } },
        { "CandidateEmail", Valid() with { CandidateEmail = "" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada.example.com" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "@example.com" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada@" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada @example.com" } },
        { "CandidateEmail", Valid() with { CandidateEmail = new string('a', 310) + "@example.com" } },
        { "ExperienceYears", Valid() with { ExperienceYears = -1 } },
        { "ExperienceYears", Valid() with { ExperienceYears = 71 } },
        { "SkillCategories", Valid() with { SkillCategories = [] } },
        { "SkillCategories", Valid() with { SkillCategories = null! } },
        { "SkillCategories", Valid() with { SkillCategories = ["Backend", " "] } },
        { "SkillCategories", Valid() with { SkillCategories = [null!] } },
        { "SkillCategories", Valid() with { SkillCategories = Enumerable.Range(0, 51).Select(i => $"c{i}").ToArray() } },
        { "SkillCategories", Valid() with { SkillCategories = [new string('c', 101)] } },
        { "Skills", Valid() with { Skills = null! } },
        { "Skills", Valid() with { Skills = [""] } },
        { "Skills", Valid() with { Skills = Enumerable.Range(0, 51).Select(i => $"s{i}").ToArray() } },
        { "Skills", Valid() with { Skills = [new string('s', 101)] } },
        { "CandidateTimeZone", Valid() with { CandidateTimeZone = null! } },
        { "CandidateTimeZone", Valid() with { CandidateTimeZone = new HandMadeZone("Mars/Olympus_Mons") } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(null, Start) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Start, null) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Start, Start) } },
        { "RequestedSlot", Valid() with { RequestedSlot = default } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Now, Now + Duration.FromMinutes(30)) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Now - Duration.FromDays(1), Now - Duration.FromHours(23)) } },
        { "PlanId", Valid() with { PlanId = "" } },
        { "PlanId", Valid() with { PlanId = new string('p', 201) } },
        { "AddOns", Valid() with { AddOns = null! } },
        { "ExcludedInterviewers", Valid() with { ExcludedInterviewers = null! } },
        { "CouponCode", Valid() with { CouponCode = new string('C', 201) } },
        { "CouponCode", Valid() with { CouponCode = "" } },
        { "CouponCode", Valid() with { CouponCode = "  " } },
        { "CouponCode", Valid() with { CouponCode = "SAVE10\n" } },
        { "CandidateName", Valid() with { CandidateName = "Ada\0" } },
        { "CandidateName", Valid() with { CandidateName = "Ada\r\nBcc: victim@example.org" } },
        { "CandidateName", Valid() with { CandidateName = "Ada\u2028Lovelace" } },
        { "CandidateName", Valid() with { CandidateName = "Ada\uD800" } },
        { "CandidateName", Valid() with { CandidateName = "\uDC00Ada" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "a@b@c" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "Ada <ada@example.com>" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "\"Ada\" <ada@example.com>" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada@example.com, bob@example.com" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada@example.com\r\nBcc: victim@example.org" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada\u0000@example.com" } },
        { "CandidateEmail", Valid() with { CandidateEmail = "ada@example.com (Ada)" } },
        { "CandidateId", Valid() with { CandidateId = new CandidateId("cand\u0001") } },
        { "SkillCategories", Valid() with { SkillCategories = ["Back\u0000end"] } },
        { "Skills", Valid() with { Skills = ["Java\uDBFF"] } },
        { "PlanId", Valid() with { PlanId = "mock-30\t" } },
        { "AddOns", Valid() with { AddOns = [new AddOnSelection("report\n")] } },
        { "ExcludedInterviewers", Valid() with { ExcludedInterviewers = [new InterviewerId("iv\u007f")] } },
        { "ExcludedInterviewers", Valid() with { ExcludedInterviewers = [default] } },
        { "ExcludedInterviewers", Valid() with { ExcludedInterviewers = [.. Enumerable.Range(0, 1_001).Select(i => new InterviewerId($"iv-{i}"))] } },
        { "IdempotencyKey", Valid() with { IdempotencyKey = "" } },
        { "IdempotencyKey", Valid() with { IdempotencyKey = "key\r\n" } },
        { "IdempotencyKey", Valid() with { IdempotencyKey = new string('k', IdText.MaxLength + 1) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Instant.FromUtc(9999, 12, 31, 23, 0), Instant.FromUtc(9999, 12, 31, 23, 30)) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Start, Instant.MaxValue) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Now + InterviewRequestValidator.MaxLead + Duration.FromMinutes(1), Now + InterviewRequestValidator.MaxLead + Duration.FromMinutes(31)) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Start + Duration.FromNanoseconds(1), Start + Duration.FromMinutes(30)) } },
        { "RequestedSlot", Valid() with { RequestedSlot = new Interval(Start, Start + Duration.FromMinutes(30) + Duration.FromTicks(1)) } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Each_bad_field_is_named(string field, InterviewRequest request)
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(() => InterviewRequestValidator.Validate(request, Now));

        Assert.Equal(field, error.Field);
        Assert.StartsWith($"Invalid interview request: {field} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_skill_list_is_told_to_be_empty_not_to_have_entries()
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(() => InterviewRequestValidator.Validate(Valid() with { Skills = null! }, Now));

        Assert.Contains("use an empty list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_value_is_cut_short_in_the_message()
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(
            () => InterviewRequestValidator.Validate(Valid() with { CandidateName = new string('n', 5000) }, Now));

        Assert.Equal(new string('n', 20) + "...", error.Value);
        Assert.Contains("got 5000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_is_quoted_escaped_with_its_position()
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(
            () => InterviewRequestValidator.Validate(Valid() with { CandidateName = "Ada\r\nBcc: x" }, Now));

        Assert.Equal("Ada\\u000D\\u000ABcc: x", error.Value);
        Assert.Contains("U+000D at position 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_null_request_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => InterviewRequestValidator.Validate(null!, Now));
    }

    /// <summary>A zone the host made by hand: no time zone database knows its id, so a store could not read it back.</summary>
    private sealed class HandMadeZone(string id) : DateTimeZone(id, isFixed: true, Offset.FromHours(3), Offset.FromHours(3))
    {
        public override NodaTime.TimeZones.ZoneInterval GetZoneInterval(Instant instant) => new(Id, null, null, Offset.FromHours(3), Offset.Zero);
    }
}
