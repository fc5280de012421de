using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The jsonb documents of a payment session: the match snapshot, the add-ons and the price lines. They have their own stable shape
/// (snake_case, the seed's <c>matched_interviewer</c> field names), so a change of the domain types never changes stored data unnoticed.
/// </summary>
internal static class SessionDocuments
{
    public static string? WriteMatch(MatchedInterviewer? match) =>
        match is null ? null : JsonSerializer.Serialize(ToDocument(match), SessionJsonContext.Default.MatchDocument);

    /// <summary>The snapshot, or the reason it is unusable (then the session reads without one, and auto-booking refuses it by name).</summary>
    public static (MatchedInterviewer? Match, string? Problem) ReadMatch(string json)
    {
        MatchDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, SessionJsonContext.Default.MatchDocument);
        }
        catch (JsonException exception)
        {
            return (null, "not a match document: " + exception.Message);
        }

        return FromDocument(document);
    }

    public static MatchDocument ToDocument(MatchedInterviewer match) =>
        new(
            match.Id.Value,
            match.Name,
            match.Email,
            match.Company,
            match.Score.Total,
            new ScoreDocument(match.Score.Experience, match.Score.Skills, match.Score.Availability, match.Score.Reliability))
        {
            HoldRules = match.Rules is { } rules
                ? new HoldRulesDocument(
                    DurationPattern.Roundtrip.Format(rules.BufferBefore), DurationPattern.Roundtrip.Format(rules.BufferAfter), rules.MaxPerDay, rules.TimeZone.Id)
                : null,
        };

    /// <summary>The interviewer a stored match document names, or the reason it is unusable.</summary>
    public static (MatchedInterviewer? Match, string? Problem) FromDocument(MatchDocument? document)
    {
        if (document is null || string.IsNullOrWhiteSpace(document.Id) || document.Id.Length > IdText.MaxLength)
        {
            return (null, "no interviewer id");
        }

        if (document.InterviewerName is null || document.InterviewerEmail is null || document.Score is not { } score)
        {
            return (null, "no interviewer name, email or score");
        }

        HoldRules? rules = null;
        if (document.HoldRules is { } stored)
        {
            var before = DurationPattern.Roundtrip.Parse(stored.BufferBefore ?? string.Empty);
            var after = DurationPattern.Roundtrip.Parse(stored.BufferAfter ?? string.Empty);
            var zone = stored.TimeZone is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(stored.TimeZone);
            if (!before.Success || !after.Success || zone is null)
            {
                return (null, "hold_rules with an unreadable buffer or an unknown time zone");
            }

            rules = new HoldRules { BufferBefore = before.Value, BufferAfter = after.Value, MaxPerDay = stored.MaxPerDay, TimeZone = zone };
        }

        try
        {
            return (new MatchedInterviewer
            {
                Id = new InterviewerId(document.Id),
                Name = document.InterviewerName,
                Email = document.InterviewerEmail,
                Company = document.Company,
                Score = new MatchScore(score.Experience, score.Skills, score.Availability, score.Reliability),
                Rules = rules,
            }, null);
        }
        catch (ArgumentOutOfRangeException exception)
        {
            return (null, "a score part out of range: " + exception.ParamName);
        }
    }

    public static string WriteAddOns(IReadOnlyList<AddOnSelection>? addOns) =>
        JsonSerializer.Serialize(ToDocuments(addOns), SessionJsonContext.Default.AddOnDocumentArray);

    public static AddOnSelection[] ReadAddOns(string json, PaymentSessionId sessionId) =>
        FromDocuments(Read(json, SessionJsonContext.Default.AddOnDocumentArray, "add_ons", sessionId), () => Broken("add_ons", sessionId, "an add-on without add_on_id"));

    public static AddOnDocument[] ToDocuments(IReadOnlyList<AddOnSelection>? addOns) =>
        (addOns ?? []).Select(a => new AddOnDocument(a.AddOnId, a.Quantity)).ToArray();

    public static AddOnSelection[] FromDocuments(AddOnDocument[] addOns, Func<Exception> broken) =>
        addOns.Select(a => new AddOnSelection(a.AddOnId ?? throw broken(), a.Quantity)).ToArray();

    public static string WritePriceLines(IReadOnlyList<PriceLine> lines) =>
        JsonSerializer.Serialize(
            lines.Select(l => new PriceLineDocument(StoredEnums.PriceLineKind.NameOf(l.Kind), l.Code, l.Description, l.Quantity, l.AmountMinorUnits)).ToArray(),
            SessionJsonContext.Default.PriceLineDocumentArray);

    public static PriceLine[] ReadPriceLines(string json, PaymentSessionId sessionId) =>
        Read(json, SessionJsonContext.Default.PriceLineDocumentArray, "price_lines", sessionId)
            .Select(l => new PriceLine(
                StoredEnums.PriceLineKind.Parse(l.Kind ?? throw Broken("price_lines", sessionId, "a line without kind")),
                l.Code ?? throw Broken("price_lines", sessionId, "a line without code"),
                l.Description ?? string.Empty,
                l.Quantity,
                l.AmountMinorUnits))
            .ToArray();

    private static T Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string column, PaymentSessionId sessionId)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw Broken(column, sessionId, "null");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Payment session '{sessionId}': column {column} is not valid ({exception.Message}).", exception);
        }
    }

    private static InvalidDataException Broken(string column, PaymentSessionId sessionId, string problem) =>
        new($"Payment session '{sessionId}': column {column} is not valid ({problem}).");
}

/// <summary>The stored match snapshot (<c>matched_interviewer</c>).</summary>
internal sealed record MatchDocument(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("interviewer_name")] string? InterviewerName,
    [property: JsonPropertyName("interviewer_email")] string? InterviewerEmail,
    [property: JsonPropertyName("company")] string? Company,
    [property: JsonPropertyName("match_score")] int MatchScore,
    [property: JsonPropertyName("score")] ScoreDocument? Score)
{
    /// <summary>The rules the hold was made with; absent in documents written before they were kept.</summary>
    [JsonPropertyName("hold_rules")]
    public HoldRulesDocument? HoldRules { get; init; }
}

/// <summary>The interviewer's rules a hold was made with: durations in NodaTime's round-trip pattern, the zone as its TZDB id.</summary>
internal sealed record HoldRulesDocument(
    [property: JsonPropertyName("buffer_before")] string? BufferBefore,
    [property: JsonPropertyName("buffer_after")] string? BufferAfter,
    [property: JsonPropertyName("max_per_day")] int? MaxPerDay,
    [property: JsonPropertyName("time_zone")] string? TimeZone);

/// <summary>A match score's breakdown.</summary>
internal sealed record ScoreDocument(
    [property: JsonPropertyName("experience")] int Experience,
    [property: JsonPropertyName("skills")] int Skills,
    [property: JsonPropertyName("availability")] int Availability,
    [property: JsonPropertyName("reliability")] int Reliability = 0); // absent in snapshots written before reliability scoring

/// <summary>A booked add-on.</summary>
internal sealed record AddOnDocument(
    [property: JsonPropertyName("add_on_id")] string? AddOnId,
    [property: JsonPropertyName("quantity")] int Quantity);

/// <summary>
/// What an interview was scheduled with (<c>interviews.request</c>), beside the columns that hold its key, payment session and requested slot:
/// the pre-matched interviewer as in a session's snapshot, the candidate, the original reservation, plan and add-ons.
/// </summary>
internal sealed record ScheduleRequestDocument(
    [property: JsonPropertyName("interviewer")] MatchDocument? Interviewer,
    [property: JsonPropertyName("candidate_id")] string? CandidateId,
    [property: JsonPropertyName("candidate_name")] string? CandidateName,
    [property: JsonPropertyName("candidate_email")] string? CandidateEmail,
    [property: JsonPropertyName("candidate_time_zone")] string? CandidateTimeZone,
    [property: JsonPropertyName("reservation_id")] string? ReservationId,
    [property: JsonPropertyName("plan_id")] string? PlanId,
    [property: JsonPropertyName("add_ons")] AddOnDocument[]? AddOns);

/// <summary>One line of the computed price.</summary>
internal sealed record PriceLineDocument(
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("amount_minor_units")] long AmountMinorUnits);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MatchDocument))]
[JsonSerializable(typeof(AddOnDocument[]))]
[JsonSerializable(typeof(PriceLineDocument[]))]
[JsonSerializable(typeof(ScheduleRequestDocument))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
