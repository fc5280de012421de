using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>Checks <see cref="InterviewBookingOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class InterviewBookingOptionsValidator : IValidateOptions<InterviewBookingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InterviewBookingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.HoldDuration <= Duration.Zero)
        {
            failures.Add($"HoldDuration must be positive; got {options.HoldDuration}.");
        }

        if (options.RenewedHoldDuration <= Duration.Zero)
        {
            failures.Add($"RenewedHoldDuration must be positive; got {options.RenewedHoldDuration}.");
        }

        if (options.BookingClaimTimeout <= Duration.Zero)
        {
            failures.Add($"BookingClaimTimeout must be positive; got {options.BookingClaimTimeout}.");
        }

        if (options.MinimumMatchScore is < 0 or > 100)
        {
            failures.Add($"MinimumMatchScore must be between 0 and 100; got {options.MinimumMatchScore}.");
        }

        if (options.MaxHoldAttempts is < 1 or > 100)
        {
            failures.Add($"MaxHoldAttempts must be between 1 and 100; got {options.MaxHoldAttempts}.");
        }

        if (options.MaxActiveHoldsPerCandidate is < 1 or > 100)
        {
            failures.Add($"MaxActiveHoldsPerCandidate must be between 1 and 100; got {options.MaxActiveHoldsPerCandidate}.");
        }

        if (options.Currency is not { Length: 3 } || !options.Currency.All(char.IsAsciiLetter))
        {
            failures.Add($"Currency must be a three-letter ISO 4217 code; got \"{options.Currency}\".");
        }

        ValidateMatching(options, failures);

        if (options.FullRefundNotice < Duration.Zero)
        {
            failures.Add($"FullRefundNotice must not be negative; got {options.FullRefundNotice}.");
        }

        if (options.LateCancellationRefundPercent is < 0 or > 100)
        {
            failures.Add($"LateCancellationRefundPercent must be between 0 and 100; got {options.LateCancellationRefundPercent}.");
        }

        ValidateFollowUps(options, failures);
        ValidateLifecycle(options, failures);

        if (!string.IsNullOrWhiteSpace(options.MeetingLinkTemplate) && !TemplateMeetingLinkProvider.IsValidTemplate(options.MeetingLinkTemplate))
        {
            failures.Add($"MeetingLinkTemplate must be an absolute http(s) URL containing {{interviewId}}; got \"{options.MeetingLinkTemplate}\".");
        }

        ValidatePlans(options, failures);
        ValidateAddOns(options, failures);
        ValidateCoupons(options, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateFollowUps(InterviewBookingOptions options, List<string> failures)
    {
        var longest = Duration.FromDays(30);
        foreach (var offset in options.ReminderOffsets.Where(o => o <= Duration.Zero || o > longest))
        {
            failures.Add($"ReminderOffsets must each be more than zero and at most 30 days; got {offset}.");
        }

        if (options.FeedbackRequestDelay < Duration.Zero || options.FeedbackRequestDelay > longest)
        {
            failures.Add($"FeedbackRequestDelay must be between zero and 30 days; got {options.FeedbackRequestDelay}.");
        }

        if (options.UnknownSessionRetryWindow <= Duration.Zero)
        {
            failures.Add($"UnknownSessionRetryWindow must be positive; got {options.UnknownSessionRetryWindow}.");
        }

        if (options.InProgressWait < Duration.Zero || options.InProgressWait > Duration.FromSeconds(30))
        {
            failures.Add($"InProgressWait must be between 0 and 30 seconds; got {options.InProgressWait}.");
        }

        if (options.InProgressPollInterval <= Duration.Zero
            || (options.InProgressWait > Duration.Zero && options.InProgressPollInterval > options.InProgressWait))
        {
            failures.Add($"InProgressPollInterval must be positive and at most InProgressWait ({options.InProgressWait}); got {options.InProgressPollInterval}.");
        }
    }

    private static void ValidateMatching(InterviewBookingOptions options, List<string> failures)
    {
        var weights = new[]
        {
            (nameof(options.ExperienceWeight), options.ExperienceWeight), (nameof(options.SkillsWeight), options.SkillsWeight),
            (nameof(options.AvailabilityWeight), options.AvailabilityWeight), (nameof(options.ReliabilityWeight), options.ReliabilityWeight),
        };
        foreach (var (name, weight) in weights.Where(w => w.Item2 is < 0 or > 100))
        {
            failures.Add($"{name} must be between 0 and 100; got {weight}.");
        }

        if (weights.Sum(w => (long)w.Item2) != MatchScore.MaxTotal)
        {
            failures.Add($"ExperienceWeight, SkillsWeight, AvailabilityWeight and ReliabilityWeight must add up to 100; got {options.ExperienceWeight} + {options.SkillsWeight} + {options.AvailabilityWeight} + {options.ReliabilityWeight}.");
        }

        if (options.ReliabilityMinimumInterviews is < 1 or > 1000)
        {
            failures.Add($"ReliabilityMinimumInterviews must be between 1 and 1000; got {options.ReliabilityMinimumInterviews}.");
        }

        failures.AddRange(SkillVocabulary.Problems(options.SkillAliases));

        if (options.MaxAlternatives is < 0 or > 20)
        {
            failures.Add($"MaxAlternatives must be between 0 and 20; got {options.MaxAlternatives}.");
        }

        if (options.AlternativeSearchRange <= Duration.Zero || options.AlternativeSearchRange > Duration.FromDays(60))
        {
            failures.Add($"AlternativeSearchRange must be more than zero and at most 60 days; got {options.AlternativeSearchRange}.");
        }

        if (options.AlternativeSlotStep < Duration.FromMinutes(5) || options.AlternativeSlotStep > Duration.FromDays(1))
        {
            failures.Add($"AlternativeSlotStep must be between 5 minutes and 1 day; got {options.AlternativeSlotStep}.");
        }

        if (options.SlotSearchRange <= Duration.Zero || options.SlotSearchRange > Duration.FromDays(60))
        {
            failures.Add($"SlotSearchRange must be more than zero and at most 60 days; got {options.SlotSearchRange}.");
        }

        if (options.SlotSearchStep < Duration.FromMinutes(5) || options.SlotSearchStep > Duration.FromDays(1)
            || Duration.FromDays(1).BclCompatibleTicks % options.SlotSearchStep.BclCompatibleTicks != 0)
        {
            failures.Add($"SlotSearchStep must be between 5 minutes and 1 day and divide a day evenly; got {options.SlotSearchStep}.");
        }

        if (options.MaxSearchSlots is < 1 or > 1000)
        {
            failures.Add($"MaxSearchSlots must be between 1 and 1000; got {options.MaxSearchSlots}.");
        }

        if (options.PreviewTokenKey is { } key && !IsSigningKey(key))
        {
            failures.Add("PreviewTokenKey must be base64 of at least 32 bytes.");
        }

        if (options.PreviewTokenLifetime < Duration.FromMinutes(1) || options.PreviewTokenLifetime > Duration.FromDays(1))
        {
            failures.Add($"PreviewTokenLifetime must be between 1 minute and 1 day; got {options.PreviewTokenLifetime}.");
        }
    }

    private static bool IsSigningKey(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= 32;
    }

    private static void ValidatePlans(InterviewBookingOptions options, List<string> failures)
    {
        if (options.Plans.Count == 0)
        {
            failures.Add("Plans must name at least one plan (e.g. a 30-minute and a 60-minute mock interview).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in options.Plans)
        {
            if (string.IsNullOrWhiteSpace(plan.Id))
            {
                failures.Add("Every plan needs an Id.");
                continue;
            }

            if (!ids.Add(plan.Id))
            {
                failures.Add($"Plan id \"{plan.Id}\" is used twice.");
            }

            if (plan.Duration <= Duration.Zero || plan.Duration > Duration.FromHours(8))
            {
                failures.Add($"Plan \"{plan.Id}\": Duration must be more than zero and at most 8 hours; got {plan.Duration}.");
            }

            if (plan.PriceMinorUnits <= 0)
            {
                failures.Add($"Plan \"{plan.Id}\": PriceMinorUnits must be positive; got {plan.PriceMinorUnits}.");
            }
        }
    }

    private static void ValidateAddOns(InterviewBookingOptions options, List<string> failures)
    {
        var planIds = options.Plans.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var addOn in options.AddOns)
        {
            if (string.IsNullOrWhiteSpace(addOn.Id))
            {
                failures.Add("Every add-on needs an Id.");
                continue;
            }

            if (!ids.Add(addOn.Id))
            {
                failures.Add($"Add-on id \"{addOn.Id}\" is used twice.");
            }

            if (addOn.PriceMinorUnits <= 0)
            {
                failures.Add($"Add-on \"{addOn.Id}\": PriceMinorUnits must be positive; got {addOn.PriceMinorUnits}.");
            }

            if (addOn.MaxQuantity < 1)
            {
                failures.Add($"Add-on \"{addOn.Id}\": MaxQuantity must be at least 1; got {addOn.MaxQuantity}.");
            }

            foreach (var planId in addOn.PlanIds.Where(p => !planIds.Contains(p)))
            {
                failures.Add($"Add-on \"{addOn.Id}\" names plan \"{planId}\", which is not configured.");
            }
        }
    }

    private static void ValidateCoupons(InterviewBookingOptions options, List<string> failures)
    {
        var planIds = options.Plans.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var coupon in options.Coupons)
        {
            if (string.IsNullOrWhiteSpace(coupon.Code))
            {
                failures.Add("Every coupon needs a Code.");
                continue;
            }

            if (!codes.Add(coupon.Code))
            {
                failures.Add($"Coupon code \"{coupon.Code}\" is used twice (codes compare case-insensitively).");
            }

            if (coupon.PercentOff.HasValue == coupon.AmountOffMinorUnits.HasValue)
            {
                failures.Add($"Coupon \"{coupon.Code}\": set exactly one of PercentOff and AmountOffMinorUnits.");
            }

            if (coupon.PercentOff is < 1 or > 100)
            {
                failures.Add($"Coupon \"{coupon.Code}\": PercentOff must be between 1 and 100; got {coupon.PercentOff}.");
            }

            if (coupon.AmountOffMinorUnits is <= 0)
            {
                failures.Add($"Coupon \"{coupon.Code}\": AmountOffMinorUnits must be positive; got {coupon.AmountOffMinorUnits}.");
            }

            if (coupon.UsageLimit is < 1)
            {
                failures.Add($"Coupon \"{coupon.Code}\": UsageLimit must be at least 1 when set; got {coupon.UsageLimit}.");
            }

            foreach (var planId in coupon.PlanIds.Where(p => !planIds.Contains(p)))
            {
                failures.Add($"Coupon \"{coupon.Code}\" names plan \"{planId}\", which is not configured.");
            }
        }
    }

    private static void ValidateLifecycle(InterviewBookingOptions options, List<string> failures)
    {
        if (options.NoShowGracePeriod < Duration.Zero || options.NoShowGracePeriod > Duration.FromDays(1))
        {
            failures.Add($"NoShowGracePeriod must be between zero and 1 day; got {options.NoShowGracePeriod}.");
        }

        if (options.CandidateNoShowRefundPercent is < 0 or > 100)
        {
            failures.Add($"CandidateNoShowRefundPercent must be between 0 and 100; got {options.CandidateNoShowRefundPercent}.");
        }

        if (options.RebookingChoiceWindow < Duration.Zero || options.RebookingChoiceWindow > Duration.FromDays(30))
        {
            failures.Add($"RebookingChoiceWindow must be between zero and 30 days; got {options.RebookingChoiceWindow}.");
        }

        if (options.FeedbackReminderInterval < Duration.FromHours(1) || options.FeedbackReminderInterval > Duration.FromDays(30))
        {
            failures.Add($"FeedbackReminderInterval must be between 1 hour and 30 days; got {options.FeedbackReminderInterval}.");
        }

        if (options.MaxFeedbackReminders is < 0 or > 20)
        {
            failures.Add($"MaxFeedbackReminders must be between 0 and 20; got {options.MaxFeedbackReminders}.");
        }
    }
}
