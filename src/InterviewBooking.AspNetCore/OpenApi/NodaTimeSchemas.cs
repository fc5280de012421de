using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace InterviewBooking.AspNetCore.OpenApi;

/// <summary>
/// The wire form of each NodaTime type, as NodaTime.Serialization.SystemTextJson writes it (the booking API's own JSON options): without
/// these the schema generator sees only the structs' properties, or nothing, and documents an empty object.
/// </summary>
internal static class NodaTimeSchemas
{
    private static readonly Dictionary<Type, Func<OpenApiSchema>> Shapes = new()
    {
        [typeof(Instant)] = static () => Text("date-time", "An instant in UTC, ISO 8601 (2026-12-07T10:00:00Z).", "2026-12-07T10:00:00Z"),
        [typeof(OffsetDateTime)] = static () => Text("date-time", "A date and time with its UTC offset, ISO 8601 (2026-12-07T10:00:00+01:00).", "2026-12-07T10:00:00+01:00"),
        [typeof(ZonedDateTime)] = static () => Text(
            null, "A date and time with its offset, then the IANA zone id (2026-12-07T10:00:00+01 Europe/Paris).", "2026-12-07T10:00:00+01 Europe/Paris",
            @"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:\d{2}){0,2}) [A-Za-z0-9_+\-/]+$"),
        [typeof(LocalDate)] = static () => Text("date", "A calendar date, ISO 8601 (2026-12-07).", "2026-12-07"),
        [typeof(LocalDateTime)] = static () => Text(
            null, "A date and time without offset or zone, ISO 8601 (2026-12-07T10:00:00).", "2026-12-07T10:00:00", @"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$"),
        [typeof(LocalTime)] = static () => Text(null, "A time of day without offset, ISO 8601 (10:30:00).", "10:30:00", @"^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$"),
        [typeof(Duration)] = static () => Text(
            null, "An exact length of time, NodaTime's JSON round-trip form: total hours:minutes:seconds (0:30:00 is 30 minutes, 36:00:00 a day and a half).",
            "0:30:00", @"^-?\d+:\d{2}:\d{2}(\.\d{1,9})?$"),
        [typeof(Period)] = static () => Text("duration", "A calendar period, ISO 8601 (P1DT2H).", "P1DT2H"),
        [typeof(Offset)] = static () => Text(null, "A UTC offset (+01, +05:30, -03:00).", "+01:00", @"^[+-]\d{2}(:\d{2}){0,2}$"),
        [typeof(DateTimeZone)] = static () => Text(null, "An IANA time zone id (Europe/London).", "Europe/London", null),
        [typeof(Interval)] = static () => Pair("date-time", "An interval of time: start inclusive, end exclusive.", "2026-12-07T10:00:00Z", "2026-12-07T10:30:00Z"),
        [typeof(DateInterval)] = static () => Pair("date", "A range of dates, both ends inclusive.", "2026-12-07", "2026-12-20"),
    };

    /// <summary>Rewrites <paramref name="schema"/> in place to <paramref name="type"/>'s wire form; <see langword="false"/> when it is no NodaTime type.</summary>
    public static bool TryApply(OpenApiSchema schema, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (!Shapes.TryGetValue(underlying ?? type, out var shape))
        {
            return false;
        }

        var wire = shape();
        // Whatever the generator inferred from the struct's members goes: the wire form is all there is.
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.AdditionalProperties = null;
        schema.Items = null;
        schema.AllOf?.Clear();
        schema.AnyOf?.Clear();
        schema.OneOf?.Clear();
        schema.Type = underlying is null ? wire.Type : wire.Type | JsonSchemaType.Null;
        schema.Format = wire.Format;
        schema.Pattern = wire.Pattern;
        schema.Examples = wire.Examples;
        schema.Description ??= wire.Description;
        if (wire.Properties is { Count: > 0 } properties)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var (name, property) in properties)
            {
                schema.Properties[name] = property;
            }

            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            schema.Required.UnionWith(wire.Required ?? new HashSet<string>(StringComparer.Ordinal));
        }

        return true;
    }

    private static OpenApiSchema Text(string? format, string description, string example, string? pattern = null) => new()
    {
        Type = JsonSchemaType.String,
        Format = format,
        Pattern = pattern,
        Description = description,
        Examples = [JsonValue.Create(example)],
    };

    // NodaTime.Serialization.SystemTextJson writes intervals as { "start": ..., "end": ... }, the names through the naming policy.
    private static OpenApiSchema Pair(string format, string description, string start, string end) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["start"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = format },
            ["end"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = format },
        },
        Required = new HashSet<string>(StringComparer.Ordinal) { "start", "end" },
        Examples = [new JsonObject { ["start"] = start, ["end"] = end }],
    };
}
