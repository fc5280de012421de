using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NodaTime.Text;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// How a profile is stored in <c>interviewers</c>: one column per scalar field, <c>text[]</c> for the token lists, and jsonb arrays of their
/// own stable shape (snake_case, local times in ISO form to the nanosecond) for the weekly windows and dated overrides, so a change of the
/// domain types never changes stored data unnoticed.
/// </summary>
internal static class InterviewerRows
{
    /// <summary>The columns <see cref="Read"/> maps, in its order.</summary>
    public const string Columns =
        "id, change, removed, name, email, company, experience_years, skill_categories, skills, time_zone, weekly_availability, " +
        "availability_overrides, buffer_before_ns, buffer_after_ns, minimum_notice_ns, booking_horizon_ns, max_interviews_per_day, is_active";

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.ExtendedIso;
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    private static readonly StoredEnum<AvailabilityOverrideKind> OverrideKinds = new(
        "availability_overrides.kind",
        (AvailabilityOverrideKind.DayOff, "day_off"),
        (AvailabilityOverrideKind.Blocked, "blocked"),
        (AvailabilityOverrideKind.ExtraWindow, "extra_window"));

    /// <summary>
    /// Refuses what the table cannot hold as given: a zone <paramref name="zones"/> does not know by its id, a duration beyond whole
    /// nanoseconds in a <see cref="long"/> (about 292 years), or a token with a NUL character. The index checks the rest.
    /// </summary>
    /// <exception cref="ArgumentException">The profile cannot be stored; the message names the interviewer and the field.</exception>
    public static void CheckStorable(InterviewerProfile profile, IDateTimeZoneProvider zones, string parameterName)
    {
        if (profile.TimeZone is { } zone && zones.GetZoneOrNull(zone.Id) is null)
        {
            throw Unstorable(profile, nameof(InterviewerProfile.TimeZone), $"\"{zone.Id}\" is unknown to the time zone provider ({zones.VersionId})", parameterName);
        }

        CheckNanoseconds(profile, nameof(InterviewerProfile.BufferBefore), profile.BufferBefore, parameterName);
        CheckNanoseconds(profile, nameof(InterviewerProfile.BufferAfter), profile.BufferAfter, parameterName);
        CheckNanoseconds(profile, nameof(InterviewerProfile.MinimumNotice), profile.MinimumNotice, parameterName);
        if (profile.BookingHorizon is { } horizon)
        {
            CheckNanoseconds(profile, nameof(InterviewerProfile.BookingHorizon), horizon, parameterName);
        }

        CheckTokens(profile, nameof(InterviewerProfile.SkillCategories), profile.SkillCategories, parameterName);
        CheckTokens(profile, nameof(InterviewerProfile.Skills), profile.Skills, parameterName);
    }

    /// <summary>The upsert of one profile at change <c>$1</c> (its parameters follow): a new row at version 1, or the next version of the row.</summary>
    public static NpgsqlBatchCommand Upsert(string schema, InterviewerProfile profile, long change) => Sql.Command(
        $"""
        INSERT INTO {schema}.interviewers (
            id, version, change, removed, name, email, company, experience_years, skill_categories, skills, time_zone, weekly_availability,
            availability_overrides, buffer_before_ns, buffer_after_ns, minimum_notice_ns, booking_horizon_ns, max_interviews_per_day, is_active)
        VALUES ($2, 1, $1, false, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        ON CONFLICT (id) DO UPDATE SET
            version = interviewers.version + 1, change = EXCLUDED.change, removed = false, name = EXCLUDED.name, email = EXCLUDED.email,
            company = EXCLUDED.company, experience_years = EXCLUDED.experience_years, skill_categories = EXCLUDED.skill_categories,
            skills = EXCLUDED.skills, time_zone = EXCLUDED.time_zone, weekly_availability = EXCLUDED.weekly_availability,
            availability_overrides = EXCLUDED.availability_overrides, buffer_before_ns = EXCLUDED.buffer_before_ns,
            buffer_after_ns = EXCLUDED.buffer_after_ns, minimum_notice_ns = EXCLUDED.minimum_notice_ns,
            booking_horizon_ns = EXCLUDED.booking_horizon_ns, max_interviews_per_day = EXCLUDED.max_interviews_per_day,
            is_active = EXCLUDED.is_active
        """,
        Sql.Int64(change),
        Sql.Text(profile.Id.Value!),
        Sql.Text(profile.Name),
        Sql.Text(profile.Email),
        Sql.NullableText(profile.Company),
        Sql.Int32(profile.ExperienceYears),
        Sql.NullableTextArray([.. profile.SkillCategories ?? []]),
        Sql.NullableTextArray([.. profile.Skills ?? []]),
        Sql.Text(profile.TimeZone.Id),
        Sql.Jsonb(JsonSerializer.Serialize(
            [.. (profile.WeeklyAvailability ?? []).Select(static w => new WeeklyWindowDocument((int)w.Day, TimePattern.Format(w.Start), TimePattern.Format(w.End)))],
            DirectoryJsonContext.Default.WeeklyWindowDocumentArray)),
        Sql.Jsonb(JsonSerializer.Serialize(
            [.. (profile.AvailabilityOverrides ?? []).Select(static o => new OverrideDocument(
                DatePattern.Format(o.Date), OverrideKinds.NameOf(o.Kind), TimePattern.Format(o.Start), TimePattern.Format(o.End)))],
            DirectoryJsonContext.Default.OverrideDocumentArray)),
        Sql.Int64(profile.BufferBefore.ToInt64Nanoseconds()),
        Sql.Int64(profile.BufferAfter.ToInt64Nanoseconds()),
        Sql.Int64(profile.MinimumNotice.ToInt64Nanoseconds()),
        Sql.NullableInt64(profile.BookingHorizon?.ToInt64Nanoseconds()),
        Sql.Int32(profile.MaxInterviewsPerDay),
        Sql.Boolean(profile.IsActive));

    /// <summary>Marks the row of <c>$2</c> removed at change <c>$1</c>, clearing its personal fields; no row when it is missing or already removed.</summary>
    public static NpgsqlBatchCommand Remove(string schema, InterviewerId id, long change) => Sql.Command(
        $"""
        UPDATE {schema}.interviewers SET
            version = version + 1, change = $1, removed = true, name = '', email = '', company = NULL, skill_categories = ARRAY[]::text[], skills = ARRAY[]::text[],
            weekly_availability = '[]', availability_overrides = '[]'
        WHERE id = $2 AND NOT removed
        """,
        Sql.Int64(change),
        Sql.Text(id.Value!));

    /// <summary>
    /// The row as a change: the stored profile, or a removal (a tombstone, or a row this library cannot read, named in
    /// <see cref="InterviewerChange.Problem"/>, which then reads as missing rather than as a stale or invented profile).
    /// </summary>
    public static InterviewerChange Read(NpgsqlDataReader reader, IDateTimeZoneProvider zones)
    {
        var id = new InterviewerId(reader.GetString(0));
        var change = reader.GetInt64(1);
        if (reader.GetBoolean(2))
        {
            return new InterviewerChange(id, change, null, null);
        }

        var zoneId = reader.GetString(9);
        var zone = zones.GetZoneOrNull(zoneId);
        if (zone is null)
        {
            return new InterviewerChange(id, change, null, $"time_zone \"{zoneId}\" is unknown to the time zone provider ({zones.VersionId})");
        }

        try
        {
            var profile = new InterviewerProfile
            {
                Id = id,
                Name = reader.GetString(3),
                Email = reader.GetString(4),
                Company = Sql.GetNullableString(reader, 5),
                ExperienceYears = reader.GetInt32(6),
                SkillCategories = reader.GetFieldValue<string[]>(7),
                Skills = reader.GetFieldValue<string[]>(8),
                TimeZone = zone,
                WeeklyAvailability = ReadWeekly(reader.GetString(10)),
                AvailabilityOverrides = ReadOverrides(reader.GetString(11)),
                BufferBefore = Duration.FromNanoseconds(reader.GetInt64(12)),
                BufferAfter = Duration.FromNanoseconds(reader.GetInt64(13)),
                MinimumNotice = Duration.FromNanoseconds(reader.GetInt64(14)),
                BookingHorizon = reader.IsDBNull(15) ? null : Duration.FromNanoseconds(reader.GetInt64(15)),
                MaxInterviewsPerDay = reader.GetInt32(16),
                IsActive = reader.GetBoolean(17),
            };
            return new InterviewerChange(id, change, profile, null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or UnparsableValueException or ArgumentOutOfRangeException)
        {
            return new InterviewerChange(id, change, null, exception.Message);
        }
    }

    private static WeeklyWindow[] ReadWeekly(string json) =>
        [.. (JsonSerializer.Deserialize(json, DirectoryJsonContext.Default.WeeklyWindowDocumentArray) ?? []).Select(static d => d.Day == 0
            ? default // default(WeeklyWindow), kept as given (the index passes over it)
            : new WeeklyWindow((IsoDayOfWeek)d.Day, TimePattern.Parse(d.Start ?? string.Empty).Value, TimePattern.Parse(d.End ?? string.Empty).Value))];

    private static AvailabilityOverride[] ReadOverrides(string json) =>
        [.. (JsonSerializer.Deserialize(json, DirectoryJsonContext.Default.OverrideDocumentArray) ?? []).Select(static d =>
        {
            var date = DatePattern.Parse(d.Date ?? string.Empty).Value;
            var start = TimePattern.Parse(d.Start ?? string.Empty).Value;
            var end = TimePattern.Parse(d.End ?? string.Empty).Value;
            return OverrideKinds.Parse(d.Kind ?? string.Empty) switch
            {
                AvailabilityOverrideKind.DayOff => AvailabilityOverride.DayOff(date),
                AvailabilityOverrideKind.Blocked => AvailabilityOverride.Blocked(date, start, end),
                _ => AvailabilityOverride.ExtraWindow(date, start, end),
            };
        })];

    private static void CheckNanoseconds(InterviewerProfile profile, string field, Duration value, string parameterName)
    {
        if (value > MaxStored || value < -MaxStored)
        {
            throw Unstorable(profile, field, $"{value} is longer than the directory stores (whole nanoseconds in 64 bits, about 292 years)", parameterName);
        }
    }

    private static void CheckTokens(InterviewerProfile profile, string field, IReadOnlyList<string>? tokens, string parameterName)
    {
        foreach (var token in tokens ?? [])
        {
            if (token is not null && token.Contains('\0', StringComparison.Ordinal))
            {
                throw Unstorable(profile, field, "holds a NUL character, which PostgreSQL text cannot store", parameterName);
            }
        }
    }

    private static readonly Duration MaxStored = Duration.FromNanoseconds(long.MaxValue);

    private static ArgumentException Unstorable(InterviewerProfile profile, string field, string problem, string parameterName) =>
        new($"Interviewer '{profile.Id.Value}': {field} {problem}.", parameterName);
}

/// <summary>One row read since a change number: the profile it now holds, or <see langword="null"/> for a removal.</summary>
internal sealed record InterviewerChange(InterviewerId Id, long Change, InterviewerProfile? Profile, string? Problem);

/// <summary>A weekly window: ISO day number (Monday 1) and local times.</summary>
internal sealed record WeeklyWindowDocument(
    [property: JsonPropertyName("day")] int Day,
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("end")] string? End);

/// <summary>A dated override: ISO local date, kind (<c>day_off</c>, <c>blocked</c>, <c>extra_window</c>) and local times.</summary>
internal sealed record OverrideDocument(
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("end")] string? End);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WeeklyWindowDocument[]))]
[JsonSerializable(typeof(OverrideDocument[]))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
