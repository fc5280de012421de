using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Tests.Options;

public sealed class InterviewBookingOptionsValidatorTests
{
    private static InterviewBookingOptions Valid()
    {
        var options = new InterviewBookingOptions();
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock 30", Duration = Duration.FromMinutes(30), PriceMinorUnits = 5000 });
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "Mock 60", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9000 });
        var addOn = new AddOnOffer { Id = "report", Name = "Report", PriceMinorUnits = 1500, MaxQuantity = 2 };
        addOn.PlanIds.Add("mock-60");
        options.AddOns.Add(addOn);
        var coupon = new CouponOffer { Code = "SAVE10", PercentOff = 10, UsageLimit = 100, ExpiresAt = Instant.FromUtc(2030, 1, 1, 0, 0) };
        coupon.PlanIds.Add("mock-30");
        options.Coupons.Add(coupon);
        options.Coupons.Add(new CouponOffer { Code = "FIVER", AmountOffMinorUnits = 500 });
        return options;
    }

    private static ValidateOptionsResult Validate(InterviewBookingOptions options) =>
        new InterviewBookingOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);

    private static string SingleFailure(InterviewBookingOptions options)
    {
        var result = Validate(options);
        Assert.True(result.Failed);
        return Assert.Single(result.Failures!);
    }

    [Fact]
    public void A_valid_configuration_passes()
    {
        var result = Validate(Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Reliability_on_passes_when_the_four_weights_add_up_to_100()
    {
        var options = Valid();
        (options.ExperienceWeight, options.SkillsWeight, options.AvailabilityWeight, options.ReliabilityWeight) = (25, 35, 25, 15);
        options.ReliabilityMinimumInterviews = 1;

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
    }

    [Fact]
    public void The_defaults_with_one_plan_pass()
    {
        var options = new InterviewBookingOptions();
        options.Plans.Add(new InterviewPlan { Id = "p", Duration = Duration.FromMinutes(45), PriceMinorUnits = 1 });

        Assert.True(Validate(options).Succeeded);
        Assert.Equal(3, options.MaxActiveHoldsPerCandidate);
        Assert.Equal((Duration.FromMinutes(20), 0, Duration.FromHours(24)), (options.NoShowGracePeriod, options.CandidateNoShowRefundPercent, options.RebookingChoiceWindow));
    }

    [Fact]
    public void No_plans_fails()
    {
        Assert.StartsWith("Plans must name at least one plan", SingleFailure(new InterviewBookingOptions()), StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<InterviewBookingOptions>> BadSettings => new()
    {
        { "HoldDuration must be positive; got 0:00:00:00", o => o.HoldDuration = Duration.Zero },
        { "HoldDuration must be positive", o => o.HoldDuration = Duration.FromMinutes(-1) },
        { "RenewedHoldDuration must be positive", o => o.RenewedHoldDuration = Duration.Zero },
        { "BookingClaimTimeout must be positive", o => o.BookingClaimTimeout = Duration.FromSeconds(-5) },
        { "MinimumMatchScore must be between 0 and 100; got 101.", o => o.MinimumMatchScore = 101 },
        { "NoShowGracePeriod must be between zero and 1 day", o => o.NoShowGracePeriod = Duration.FromMinutes(-1) },
        { "NoShowGracePeriod must be between zero and 1 day", o => o.NoShowGracePeriod = Duration.FromDays(2) },
        { "CandidateNoShowRefundPercent must be between 0 and 100; got 101.", o => o.CandidateNoShowRefundPercent = 101 },
        { "RebookingChoiceWindow must be between zero and 30 days", o => o.RebookingChoiceWindow = Duration.FromDays(31) },
        { "FeedbackReminderInterval must be between 1 hour and 30 days", o => o.FeedbackReminderInterval = Duration.FromMinutes(59) },
        { "MaxFeedbackReminders must be between 0 and 20; got -1.", o => o.MaxFeedbackReminders = -1 },
        { "InProgressWait must be between 0 and 30 seconds", o => o.InProgressWait = Duration.FromSeconds(31) },
        { "InProgressWait must be between 0 and 30 seconds", o => o.InProgressWait = Duration.FromMilliseconds(-1) },
        { "InProgressPollInterval must be positive and at most InProgressWait", o => o.InProgressPollInterval = Duration.Zero },
        { "InProgressPollInterval must be positive and at most InProgressWait", o => o.InProgressPollInterval = Duration.FromSeconds(3) },
        { "MinimumMatchScore must be between 0 and 100; got -1.", o => o.MinimumMatchScore = -1 },
        { "MaxHoldAttempts must be between 1 and 100; got 0.", o => o.MaxHoldAttempts = 0 },
        { "MaxHoldAttempts must be between 1 and 100; got 101.", o => o.MaxHoldAttempts = 101 },
        { "MaxActiveHoldsPerCandidate must be between 1 and 100; got 0.", o => o.MaxActiveHoldsPerCandidate = 0 },
        { "MaxActiveHoldsPerCandidate must be between 1 and 100; got 101.", o => o.MaxActiveHoldsPerCandidate = 101 },
        { "ExperienceWeight, SkillsWeight, AvailabilityWeight and ReliabilityWeight must add up to 100; got 31 + 40 + 30 + 0.", o => o.ExperienceWeight = 31 },
        { "ExperienceWeight, SkillsWeight, AvailabilityWeight and ReliabilityWeight must add up to 100; got 30 + 40 + 29 + 0.", o => o.AvailabilityWeight = 29 },
        { "ExperienceWeight, SkillsWeight, AvailabilityWeight and ReliabilityWeight must add up to 100; got 30 + 40 + 30 + 10.", o => o.ReliabilityWeight = 10 },
        { "ReliabilityWeight must be between 0 and 100; got -5.", o => (o.AvailabilityWeight, o.ReliabilityWeight) = (35, -5) },
        { "ReliabilityMinimumInterviews must be between 1 and 1000; got 0.", o => o.ReliabilityMinimumInterviews = 0 },
        { "ReliabilityMinimumInterviews must be between 1 and 1000; got 1001.", o => o.ReliabilityMinimumInterviews = 1001 },
        { "SkillAliases: \" \" -> \"Go\" needs a token on both sides.", o => o.SkillAliases[" "] = "Go" },
        { "SkillAliases: \"Rust Lang\" -> \"rust-lang\" maps a token to itself.", o => o.SkillAliases["Rust Lang"] = "rust-lang" },
        { "SkillAliases: \"Golang\" maps to \"go\", which is itself an alias; map it to the usual name directly.", o => o.SkillAliases["Go"] = "Go Language" },
        { "SkillAliases: \"C Sharp\" and \"c-sharp\" are the same token mapped to different names (\"c#\", \"c sharp lang\").", o => o.SkillAliases["c-sharp"] = "C Sharp Lang" },
        { "MaxAlternatives must be between 0 and 20; got 21.", o => o.MaxAlternatives = 21 },
        { "MaxAlternatives must be between 0 and 20; got -1.", o => o.MaxAlternatives = -1 },
        { "AlternativeSearchRange must be more than zero and at most 60 days; got 0:00:00:00", o => o.AlternativeSearchRange = Duration.Zero },
        { "AlternativeSearchRange must be more than zero and at most 60 days", o => o.AlternativeSearchRange = Duration.FromDays(61) },
        { "AlternativeSlotStep must be between 5 minutes and 1 day", o => o.AlternativeSlotStep = Duration.FromMinutes(4) },
        { "AlternativeSlotStep must be between 5 minutes and 1 day", o => o.AlternativeSlotStep = Duration.FromDays(2) },
        { "SlotSearchRange must be more than zero and at most 60 days", o => o.SlotSearchRange = Duration.Zero },
        { "SlotSearchRange must be more than zero and at most 60 days", o => o.SlotSearchRange = Duration.FromDays(61) },
        { "SlotSearchStep must be between 5 minutes and 1 day and divide a day evenly", o => o.SlotSearchStep = Duration.FromMinutes(4) },
        { "SlotSearchStep must be between 5 minutes and 1 day and divide a day evenly", o => o.SlotSearchStep = Duration.FromMinutes(7) },
        { "SlotSearchStep must be between 5 minutes and 1 day and divide a day evenly", o => o.SlotSearchStep = Duration.FromDays(2) },
        { "MaxSearchSlots must be between 1 and 1000", o => o.MaxSearchSlots = 0 },
        { "MaxSearchSlots must be between 1 and 1000", o => o.MaxSearchSlots = 1001 },
        { "PreviewTokenKey must be base64 of at least 32 bytes", o => o.PreviewTokenKey = "not base64!" },
        { "PreviewTokenKey must be base64 of at least 32 bytes", o => o.PreviewTokenKey = Convert.ToBase64String(new byte[31]) },
        { "PreviewTokenLifetime must be between 1 minute and 1 day", o => o.PreviewTokenLifetime = Duration.FromSeconds(59) },
        { "PreviewTokenLifetime must be between 1 minute and 1 day", o => o.PreviewTokenLifetime = Duration.FromDays(2) },
        { "Currency must be a three-letter ISO 4217 code; got \"US\".", o => o.Currency = "US" },
        { "Currency must be a three-letter ISO 4217 code; got \"US1\".", o => o.Currency = "US1" },
        { "Currency must be a three-letter ISO 4217 code; got \"\".", o => o.Currency = null! },
        { "Every plan needs an Id.", o => o.Plans.Add(new InterviewPlan { Id = " ", Duration = Duration.FromMinutes(30), PriceMinorUnits = 1 }) },
        { "Plan id \"mock-30\" is used twice.", o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Duration = Duration.FromMinutes(30), PriceMinorUnits = 1 }) },
        { "Plan \"mock-30\": Duration must be more than zero and at most 8 hours; got 0:00:00:00", o => o.Plans[0].Duration = Duration.Zero },
        { "Plan \"mock-30\": Duration must be more than zero and at most 8 hours", o => o.Plans[0].Duration = Duration.FromHours(9) },
        { "Plan \"mock-30\": PriceMinorUnits must be positive; got 0.", o => o.Plans[0].PriceMinorUnits = 0 },
        { "Every add-on needs an Id.", o => o.AddOns.Add(new AddOnOffer { PriceMinorUnits = 1 }) },
        { "Add-on id \"report\" is used twice.", o => o.AddOns.Add(new AddOnOffer { Id = "report", PriceMinorUnits = 1 }) },
        { "Add-on \"report\": PriceMinorUnits must be positive; got -1.", o => o.AddOns[0].PriceMinorUnits = -1 },
        { "Add-on \"report\": MaxQuantity must be at least 1; got 0.", o => o.AddOns[0].MaxQuantity = 0 },
        { "Add-on \"report\" names plan \"mock-90\", which is not configured.", o => o.AddOns[0].PlanIds.Add("mock-90") },
        { "Every coupon needs a Code.", o => o.Coupons.Add(new CouponOffer { PercentOff = 5 }) },
        { "Coupon code \"save10\" is used twice (codes compare case-insensitively).", o => o.Coupons.Add(new CouponOffer { Code = "save10", PercentOff = 5 }) },
        { "Coupon \"SAVE10\": set exactly one of PercentOff and AmountOffMinorUnits.", o => o.Coupons[0].AmountOffMinorUnits = 100 },
        { "Coupon \"SAVE10\": set exactly one of PercentOff and AmountOffMinorUnits.", o => o.Coupons[0].PercentOff = null },
        { "Coupon \"SAVE10\": PercentOff must be between 1 and 100; got 0.", o => o.Coupons[0].PercentOff = 0 },
        { "Coupon \"SAVE10\": PercentOff must be between 1 and 100; got 101.", o => o.Coupons[0].PercentOff = 101 },
        { "Coupon \"FIVER\": AmountOffMinorUnits must be positive; got 0.", o => o.Coupons[1].AmountOffMinorUnits = 0 },
        { "Coupon \"SAVE10\": UsageLimit must be at least 1 when set; got 0.", o => o.Coupons[0].UsageLimit = 0 },
        { "Coupon \"SAVE10\" names plan \"mock-90\", which is not configured.", o => o.Coupons[0].PlanIds.Add("mock-90") },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Each_bad_setting_is_named(string expectedStart, Action<InterviewBookingOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        Assert.StartsWith(expectedStart, SingleFailure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_failure_is_reported_not_only_the_first()
    {
        var options = Valid();
        options.HoldDuration = Duration.Zero;
        options.Currency = "dollars";
        options.Plans[1].PriceMinorUnits = 0;

        var result = Validate(options);

        Assert.Equal(3, result.Failures!.Count());
    }

    [Fact]
    public void A_weight_out_of_range_is_named_besides_the_sum()
    {
        var options = Valid();
        options.SkillsWeight = -10;
        options.AvailabilityWeight = 70;

        var failures = Validate(options).Failures!.ToList();

        Assert.Equal(
            ["SkillsWeight must be between 0 and 100; got -10.", "ExperienceWeight, SkillsWeight, AvailabilityWeight and ReliabilityWeight must add up to 100; got 30 + -10 + 70 + 0."],
            failures);
    }

    [Fact]
    public void Other_weights_that_add_up_to_100_and_no_aliases_pass()
    {
        var options = Valid();
        options.ExperienceWeight = 0;
        options.SkillsWeight = 70;
        options.AvailabilityWeight = 30;
        options.SkillAliases.Clear();

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void The_host_fails_at_start_up_on_bad_options()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o => o.MinimumMatchScore = 500);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InterviewBookingOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("MinimumMatchScore", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Plans must name", StringComparison.Ordinal));
    }
}
