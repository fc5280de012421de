using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace InterviewBooking.Sample.Web;

/// <summary>
/// What the candidate chose on the booking page (plan, add-ons, area, skills, experience), read from the query or a form and carried
/// from page to page as query parameters. It only checks the input is readable; every booking rule is the library's.
/// </summary>
internal sealed record BookingChoice
{
    public const int MaxSkills = 10;

    public string? PlanId { get; init; }

    public IReadOnlyList<string> AddOns { get; init; } = [];

    public string? Area { get; init; }

    public string Skills { get; init; } = string.Empty;

    public string? Years { get; init; }

    /// <summary>Whether the candidate asked for slots yet (the form was sent).</summary>
    public bool IsChosen => PlanId is not null;

    public int ExperienceYears => int.TryParse(Years, NumberStyles.None, CultureInfo.InvariantCulture, out var years) ? years : 0;

    public IReadOnlyList<string> SkillList =>
        Skills.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    public static BookingChoice Read(Func<string, StringValues> values) => new()
    {
        PlanId = Text(values("plan")),
        AddOns = values("addon").Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).Distinct(StringComparer.Ordinal).ToArray(),
        Area = Text(values("area")),
        Skills = Text(values("skills")) ?? string.Empty,
        Years = Text(values("years")),
    };

    /// <summary>Each problem with the input as a sentence a person reads, or none.</summary>
    public IReadOnlyList<string> Problems(InterviewBookingOptions options)
    {
        var problems = new List<string>();
        if (!options.Plans.Any(p => p.Id == PlanId))
        {
            problems.Add($"Please choose one of the plans ({string.Join(", ", options.Plans.Select(p => p.Name))}).");
        }

        foreach (var addOn in AddOns.Where(a => !options.AddOns.Any(o => o.Id == a)))
        {
            problems.Add($"“{Short(addOn)}” is not an add-on we offer.");
        }

        if (string.IsNullOrWhiteSpace(Area))
        {
            problems.Add("Please choose the area you want to be interviewed in.");
        }

        if (Years is not null && (!int.TryParse(Years, NumberStyles.None, CultureInfo.InvariantCulture, out var years) || years > 60))
        {
            problems.Add($"Years of experience must be a whole number from 0 to 60; “{Short(Years)}” is not.");
        }

        if (SkillList.Count > MaxSkills || SkillList.Any(s => s.Length > 40))
        {
            problems.Add($"Please list at most {MaxSkills} skills, each under 40 characters.");
        }

        return problems;
    }

    public SlotSearchQuery ToSearch(DateTimeZone zone) => new()
    {
        ExperienceYears = ExperienceYears,
        SkillCategories = [Area!],
        Skills = SkillList,
        CandidateTimeZone = zone,
        PlanId = PlanId!,
    };

    public InterviewRequest ToRequest(CandidateId candidate, string name, string email, Instant start, Duration length, DateTimeZone zone, string? idempotencyKey) => new()
    {
        CandidateId = candidate,
        CandidateName = name,
        CandidateEmail = email,
        ExperienceYears = ExperienceYears,
        SkillCategories = [Area!],
        Skills = SkillList,
        RequestedSlot = new Interval(start, start + length),
        CandidateTimeZone = zone,
        PlanId = PlanId!,
        AddOns = AddOns.Select(a => new AddOnSelection(a)).ToArray(),
        IdempotencyKey = idempotencyKey,
    };

    /// <summary>The choice as a query string (with the viewer's zone), to carry it to the next page.</summary>
    public string ToQuery(string zone, Instant? start = null)
    {
        var query = new QueryBuilder { { "plan", PlanId ?? string.Empty } };
        foreach (var addOn in AddOns)
        {
            query.Add("addon", addOn);
        }

        query.Add("area", Area ?? string.Empty);
        query.Add("skills", Skills);
        query.Add("years", Years ?? string.Empty);
        query.Add(ViewerZone.QueryKey, zone);
        if (start is { } at)
        {
            query.Add("start", ViewerZone.Machine(at));
        }

        return query.ToString();
    }

    private static string? Text(StringValues values) => values.ToString() is { Length: > 0 } text ? text.Trim() : null;

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
