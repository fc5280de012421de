namespace InterviewBooking;

/// <summary>Checks an <see cref="InterviewRequest"/> before anything is matched, held or written.</summary>
internal static class InterviewRequestValidator
{
    internal const int MaxTextLength = 200;
    internal const int MaxEmailLength = 320;
    internal const int MaxTokens = 50;
    internal const int MaxExperienceYears = 70;

    /// <summary>Throws <see cref="InvalidInterviewRequestException"/> naming the first bad field.</summary>
    public static void Validate(InterviewRequest request, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CandidateId.IsEmpty)
        {
            throw new InvalidInterviewRequestException(nameof(request.CandidateId), null, "is required");
        }

        RequireText(nameof(request.CandidateName), request.CandidateName, MaxTextLength);
        RequireText(nameof(request.CandidateEmail), request.CandidateEmail, MaxEmailLength);
        var at = request.CandidateEmail.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == request.CandidateEmail.Length - 1 || request.CandidateEmail.Any(char.IsWhiteSpace))
        {
            throw new InvalidInterviewRequestException(nameof(request.CandidateEmail), request.CandidateEmail, "is not an email address");
        }

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

        RequireText(nameof(request.PlanId), request.PlanId, MaxTextLength);

        if (request.AddOns is null)
        {
            throw new InvalidInterviewRequestException(nameof(request.AddOns), null, "must not be null; use an empty list");
        }

        if (request.ExcludedInterviewers is null)
        {
            throw new InvalidInterviewRequestException(nameof(request.ExcludedInterviewers), null, "must not be null; use an empty list");
        }

        if (request.CouponCode is { Length: > MaxTextLength })
        {
            throw new InvalidInterviewRequestException(nameof(request.CouponCode), Excerpt(request.CouponCode), $"must be at most {MaxTextLength} characters");
        }
    }

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
        }
    }
}
