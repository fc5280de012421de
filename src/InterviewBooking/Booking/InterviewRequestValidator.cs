using System.Net.Mail;

namespace InterviewBooking;

/// <summary>
/// Checks an <see cref="InterviewRequest"/> before anything is matched, held or written. Every string it carries (ids included) must be
/// <see cref="PlainText"/>.
/// </summary>
internal static class InterviewRequestValidator
{
    internal const int MaxTextLength = 200;
    internal const int MaxEmailLength = 320;
    internal const int MaxTokens = 50;
    internal const int MaxExperienceYears = 70;
    internal const int MaxExcludedInterviewers = 1_000;

    /// <summary>
    /// How far ahead a slot may start: beyond any booking horizon an interviewer sets, and far enough from the end of time that no
    /// date arithmetic of matching or rendering (a week of alternatives, a zone's next day) can overflow.
    /// </summary>
    internal static readonly Duration MaxLead = Duration.FromDays(3_660);

    /// <summary>Throws <see cref="InvalidInterviewRequestException"/> naming the first bad field.</summary>
    public static void Validate(InterviewRequest request, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CandidateId.IsEmpty)
        {
            throw new InvalidInterviewRequestException(nameof(request.CandidateId), null, "is required");
        }

        RequirePlainText(nameof(request.CandidateId), request.CandidateId.Value);

        RequireText(nameof(request.CandidateName), request.CandidateName, MaxTextLength);
        RequirePlainText(nameof(request.CandidateName), request.CandidateName);
        RequireText(nameof(request.CandidateEmail), request.CandidateEmail, MaxEmailLength);
        RequireEmail(nameof(request.CandidateEmail), request.CandidateEmail);

        if (request.ExperienceYears is < 0 or > MaxExperienceYears)
        {
            throw new InvalidInterviewRequestException(
                nameof(request.ExperienceYears), request.ExperienceYears.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be between 0 and {MaxExperienceYears}");
        }

        RequireTokens(nameof(request.SkillCategories), request.SkillCategories, required: true);
        RequireTokens(nameof(request.Skills), request.Skills, required: false);

        if (request.CandidateTimeZone is null)
        {
            throw new InvalidInterviewRequestException(nameof(request.CandidateTimeZone), null, "is required");
        }

        // The zone is stored by its id; one no zone database knows (a hand-made zone) could never be read back.
        if (!IsKnownZone(request.CandidateTimeZone.Id))
        {
            throw new InvalidInterviewRequestException(nameof(request.CandidateTimeZone), Excerpt(request.CandidateTimeZone.Id), "is not a zone of the IANA time zone database");
        }

        var slot = request.RequestedSlot;
        if (!slot.HasStart || !slot.HasEnd)
        {
            throw new InvalidInterviewRequestException(nameof(request.RequestedSlot), slot.ToString(), "needs both a start and an end");
        }

        if (slot.End <= slot.Start)
        {
            throw new InvalidInterviewRequestException(nameof(request.RequestedSlot), slot.ToString(), "must end after it starts");
        }

        if (slot.Start <= now)
        {
            throw new InvalidInterviewRequestException(nameof(request.RequestedSlot), slot.ToString(), $"must start in the future (now is {now})");
        }

        // Compared as a lead, not as now + MaxLead: that sum itself could leave the range of instants.
        if (slot.Start - now > MaxLead || slot.End - slot.Start > MaxLead)
        {
            throw new InvalidInterviewRequestException(
                nameof(request.RequestedSlot), slot.ToString(), $"must start and end within {MaxLead.Days} days of now (now is {now})");
        }

        // PostgreSQL keeps microseconds: a finer instant would be stored as another slot than the one held and priced.
        if (!IsWholeMicroseconds(slot.Start) || !IsWholeMicroseconds(slot.End))
        {
            throw new InvalidInterviewRequestException(nameof(request.RequestedSlot), slot.ToString(), "must start and end on whole microseconds");
        }

        RequireText(nameof(request.PlanId), request.PlanId, MaxTextLength);
        RequirePlainText(nameof(request.PlanId), request.PlanId);

        if (request.AddOns is null)
        {
            throw new InvalidInterviewRequestException(nameof(request.AddOns), null, "must not be null; use an empty list");
        }

        foreach (var addOn in request.AddOns)
        {
            if (addOn?.AddOnId is { } addOnId)
            {
                RequirePlainText(nameof(request.AddOns), addOnId);
            }
        }

        if (request.ExcludedInterviewers is null)
        {
            throw new InvalidInterviewRequestException(nameof(request.ExcludedInterviewers), null, "must not be null; use an empty list");
        }

        if (request.ExcludedInterviewers.Count > MaxExcludedInterviewers)
        {
            throw new InvalidInterviewRequestException(
                nameof(request.ExcludedInterviewers), $"{request.ExcludedInterviewers.Count} entries", $"may have at most {MaxExcludedInterviewers} entries");
        }

        foreach (var excluded in request.ExcludedInterviewers)
        {
            if (excluded.IsEmpty)
            {
                throw new InvalidInterviewRequestException(nameof(request.ExcludedInterviewers), null, "contains an empty id");
            }

            RequirePlainText(nameof(request.ExcludedInterviewers), excluded.Value);
        }

        if (request.CouponCode is { } coupon)
        {
            if (string.IsNullOrWhiteSpace(coupon))
            {
                throw new InvalidInterviewRequestException(nameof(request.CouponCode), coupon, "must not be empty; leave it null for no coupon");
            }

            if (coupon.Length > MaxTextLength)
            {
                throw new InvalidInterviewRequestException(nameof(request.CouponCode), Excerpt(coupon), $"must be at most {MaxTextLength} characters");
            }

            RequirePlainText(nameof(request.CouponCode), coupon);
        }

        if (request.IdempotencyKey is { } key)
        {
            RequireText(nameof(request.IdempotencyKey), key, IdText.MaxLength);
            RequirePlainText(nameof(request.IdempotencyKey), key);
        }
    }

    /// <summary>One address, as <see cref="MailAddress"/> reads it, and nothing else: no display name, no second address, no comment.</summary>
    private static void RequireEmail(string field, string value)
    {
        RequirePlainText(field, value);
        if (!MailAddress.TryCreate(value, out var address) || address.DisplayName.Length > 0
            || !string.Equals(address.Address, value, StringComparison.Ordinal))
        {
            throw new InvalidInterviewRequestException(field, Excerpt(value), "is not one email address (no display name, nothing around it)");
        }
    }

    /// <summary>Refuses what <see cref="PlainText"/> refuses, quoting the value escaped.</summary>
    private static void RequirePlainText(string field, string value)
    {
        if (PlainText.Problem(value) is { } problem)
        {
            throw new InvalidInterviewRequestException(field, PlainText.Escape(Excerpt(value)), problem);
        }
    }

    private static bool IsWholeMicroseconds(Instant instant) => instant.InUtc().NanosecondOfSecond % 1_000 == 0;

    private static bool IsKnownZone(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null || DateTimeZoneProviders.Bcl.GetZoneOrNull(id) is not null);

    private static string Excerpt(string? value) => value is { Length: > 20 } ? value[..20] + "..." : value ?? string.Empty;

    private static void RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInterviewRequestException(field, value, "is required");
        }

        if (value.Length > maxLength)
        {
            throw new InvalidInterviewRequestException(field, Excerpt(value), $"must be at most {maxLength} characters (got {value.Length})");
        }
    }

    /// <summary>Throws <see cref="InvalidInterviewRequestException"/> for a search's skill lists as a start's are checked (none is required).</summary>
    public static void ValidateTokens(SlotSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireTokens(nameof(query.SkillCategories), query.SkillCategories, required: false);
        RequireTokens(nameof(query.Skills), query.Skills, required: false);
    }

    private static void RequireTokens(string field, IReadOnlyList<string>? values, bool required)
    {
        if (values is null && !required)
        {
            throw new InvalidInterviewRequestException(field, null, "must not be null; use an empty list");
        }

        if (values is null || (required && values.Count == 0))
        {
            throw new InvalidInterviewRequestException(field, null, "needs at least one entry");
        }

        if (values.Count > MaxTokens)
        {
            throw new InvalidInterviewRequestException(field, $"{values.Count} entries", $"may have at most {MaxTokens} entries");
        }

        foreach (var value in values)
        {
            if (SkillToken.Normalize(value).Length == 0)
            {
                throw new InvalidInterviewRequestException(field, value, "contains a blank entry");
            }

            if (value.Length > MaxTextLength / 2)
            {
                throw new InvalidInterviewRequestException(field, Excerpt(value), $"has an entry longer than {MaxTextLength / 2} characters");
            }

            RequirePlainText(field, value);
        }
    }
}
