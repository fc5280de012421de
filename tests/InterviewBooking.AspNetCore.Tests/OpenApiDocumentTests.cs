using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Serialization.SystemTextJson;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>
/// The OpenAPI document of the booking API and the webhook, served by a TestServer: NodaTime fields in their wire form (checked against
/// what the API's serializer writes), names, summaries and typed responses.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly JsonSerializerOptions Wire = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    [Fact]
    public async Task Slot_instant_and_date_fields_are_iso_strings()
    {
        using var document = await ReadDocumentAsync(withSchemas: true);

        var slot = Schema(document, "SlotView");
        AssertString(Property(document, slot, "start"), "date-time");
        AssertString(Property(document, slot, "end"), "date-time");
        Assert.Equal(["end", "start", "text"], Names(slot.GetProperty("properties")));
        AssertString(Property(document, Schema(document, "BookingView"), "expiresAt"), "date-time");
        AssertString(Property(document, Schema(document, "PreviewView"), "expiresAt"), "date-time");
        AssertString(Property(document, Schema(document, "SlotSearchView"), "searchedFrom"), "date-time");
        AssertString(Property(document, Schema(document, "SlotDayView"), "date"), "date");

        // An optional instant of a request body may be null, and is a date-time string otherwise.
        foreach (var (body, field) in new[] { ("SlotSearchBody", "from"), ("StartBookingBody", "slotStart"), ("RescheduleBody", "slotStart") })
        {
            var property = Schema(document, body).GetProperty("properties").GetProperty(field);
            Assert.True(IsNullable(property), $"{body}.{field}");
            AssertString(Resolve(document, property), "date-time");
        }
    }

    [Fact]
    public async Task Price_and_its_lines_are_documented_field_by_field()
    {
        using var document = await ReadDocumentAsync(withSchemas: true);

        var price = Schema(document, "PriceView");
        Assert.Equal(["currency", "lines", "totalMinorUnits"], Names(price.GetProperty("properties")));
        AssertInteger(Property(document, price, "totalMinorUnits"), "int64");
        Assert.Contains("string", Types(Property(document, price, "currency")));
        var lines = Property(document, price, "lines");
        Assert.Contains("array", Types(lines));

        var line = Resolve(document, lines.GetProperty("items"));
        Assert.Equal(["amountMinorUnits", "code", "description", "kind", "quantity"], Names(line.GetProperty("properties")));
        AssertInteger(Property(document, line, "amountMinorUnits"), "int64");
        AssertInteger(Property(document, line, "quantity"), "int32");
        Assert.Equal("PriceView", RefName(Schema(document, "BookingView").GetProperty("properties").GetProperty("price")));
    }

    [Fact]
    public async Task Without_the_schemas_the_generator_leaves_instants_untyped()
    {
        // What AddInterviewBookingSchemas is for: the plain generator knows nothing of NodaTime's converters.
        using var document = await ReadDocumentAsync(withSchemas: false);

        var start = Property(document, Schema(document, "SlotView"), "start");
        Assert.DoesNotContain("string", Types(start));
        Assert.False(start.TryGetProperty("format", out _));
    }

    [Fact]
    public async Task Endpoints_have_names_summaries_and_typed_responses()
    {
        using var document = await ReadDocumentAsync(withSchemas: true);
        var paths = document.RootElement.GetProperty("paths");

        var start = paths.GetProperty("/bookings").GetProperty("post");
        Assert.Equal("StartBooking", start.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(start.GetProperty("summary").GetString()));
        Assert.Equal("StartBookingBody", RefName(start.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema")));
        var responses = start.GetProperty("responses");
        Assert.Equal(["200", "201", "400", "401", "409", "415", "429", "502"], Names(responses));
        Assert.Equal("BookingView", RefName(responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema")));
        Assert.Equal("HttpValidationProblemDetails", RefName(responses.GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema")));
        Assert.Equal("ProblemDetails", RefName(responses.GetProperty("409").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema")));

        var expected = new Dictionary<string, (string Path, string Method)>
        {
            ["SearchSlots"] = ("/slots/search", "post"),
            ["PreviewBooking"] = ("/bookings/preview", "post"),
            ["StartBooking"] = ("/bookings", "post"),
            ["GetBooking"] = ("/bookings/{id}", "get"),
            ["CancelBooking"] = ("/bookings/{id}/cancel", "post"),
            ["RescheduleBooking"] = ("/bookings/{id}/reschedule", "post"),
            ["ConfirmCheckoutReturn"] = ("/checkout/return", "get"),
            ["ReceiveStripeWebhook"] = ("/webhooks/stripe", "post"),
        };
        foreach (var (name, (path, method)) in expected)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name);
            Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _), name);
        }

        Assert.Equal("SlotSearchView", RefName(paths.GetProperty("/slots/search").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema")));
        Assert.Equal("PreviewView", RefName(paths.GetProperty("/bookings/preview").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema")));
        Assert.Equal(["200", "400", "401", "404", "409", "415", "422"],
            Names(paths.GetProperty("/bookings/{id}/reschedule").GetProperty("post").GetProperty("responses")));
    }

    [Fact]
    public async Task The_webhook_documents_the_adapters_signature_header_and_its_answers()
    {
        using var document = await ReadDocumentAsync(withSchemas: true);

        var webhook = document.RootElement.GetProperty("paths").GetProperty("/webhooks/stripe").GetProperty("post");
        var header = Assert.Single(webhook.GetProperty("parameters").EnumerateArray());
        Assert.Equal(FakeReceiver.Header, header.GetProperty("name").GetString());
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.True(header.GetProperty("required").GetBoolean());
        Assert.Equal(["200", "400", "404", "413", "503"], Names(webhook.GetProperty("responses")));
        var answer = Resolve(document, webhook.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["detail", "rejection", "status"], Names(answer.GetProperty("properties")));
    }

    /// <summary>
    /// Every NodaTime type the transformer knows is documented as the API's serializer writes it: a sample value serialized with NodaTime's
    /// converters matches the documented pattern, and intervals have exactly the documented properties.
    /// </summary>
    [Fact]
    public async Task Every_nodatime_type_is_documented_in_its_wire_form()
    {
        var sample = new NodaTimeSample(
            Instant.FromUtc(2026, 12, 7, 10, 0),
            new LocalDateTime(2026, 12, 7, 10, 0).WithOffset(Offset.FromHours(1)),
            new LocalDateTime(2026, 12, 7, 10, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Paris"]),
            new LocalDate(2026, 12, 7),
            new LocalDateTime(2026, 12, 7, 10, 30, 15),
            new LocalTime(10, 30),
            Duration.FromMinutes(90) + Duration.FromMilliseconds(5),
            Period.FromDays(1) + Period.FromHours(2),
            Offset.FromHoursAndMinutes(5, 30),
            DateTimeZoneProviders.Tzdb["Europe/London"],
            new Interval(Instant.FromUtc(2026, 12, 7, 10, 0), Instant.FromUtc(2026, 12, 7, 10, 30)),
            new DateInterval(new LocalDate(2026, 12, 7), new LocalDate(2026, 12, 20)),
            null);
        using var document = await ReadDocumentAsync(withSchemas: true, app => app.MapGet("/sample", () => sample).WithName("Sample"));
        using var written = JsonSerializer.SerializeToDocument(sample, Wire);
        var schema = Schema(document, "NodaTimeSample");

        var formats = new Dictionary<string, string?>
        {
            ["instant"] = "date-time",
            ["offsetDateTime"] = "date-time",
            ["zonedDateTime"] = null,
            ["date"] = "date",
            ["localDateTime"] = null,
            ["time"] = null,
            ["duration"] = null,
            ["period"] = "duration",
            ["offset"] = null,
            ["zone"] = null,
        };
        foreach (var (name, format) in formats)
        {
            var property = Property(document, schema, name);
            Assert.Equal(["string"], Types(property));
            Assert.Equal(format, property.TryGetProperty("format", out var f) ? f.GetString() : null);
            Assert.False(property.TryGetProperty("properties", out _), name);
            var value = written.RootElement.GetProperty(name).GetString()!;
            if (property.TryGetProperty("pattern", out var pattern))
            {
                Assert.Matches(new Regex(pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)), value);
            }
        }

        Assert.Equal(DateTimeOffset.Parse(written.RootElement.GetProperty("instant").GetString()!, System.Globalization.CultureInfo.InvariantCulture), new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        foreach (var (name, format) in new[] { ("interval", "date-time"), ("dates", "date") })
        {
            var property = Property(document, schema, name);
            Assert.Equal(["object"], Types(property));
            Assert.Equal(["end", "start"], Names(property.GetProperty("properties")));
            Assert.Equal(Names(written.RootElement.GetProperty(name)), Names(property.GetProperty("properties")));
            Assert.All(property.GetProperty("properties").EnumerateObject(), p => Assert.Equal(format, p.Value.GetProperty("format").GetString()));
        }

        var maybe = schema.GetProperty("properties").GetProperty("maybe");
        Assert.True(IsNullable(maybe));
        Assert.Equal(["string"], Types(Resolve(document, maybe)));
    }

    /// <summary>A host's own record with every NodaTime type the transformer knows.</summary>
    internal sealed record NodaTimeSample(
        Instant Instant, OffsetDateTime OffsetDateTime, ZonedDateTime ZonedDateTime, LocalDate Date, LocalDateTime LocalDateTime, LocalTime Time,
        Duration Duration, Period Period, Offset Offset, DateTimeZone Zone, Interval Interval, DateInterval Dates, Instant? Maybe);

    private static async Task<JsonDocument> ReadDocumentAsync(bool withSchemas, Action<WebApplication>? map = null)
    {
        await using var host = await ApiHost.StartAsync(
            builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Services.AddSingleton<IPaymentWebhookReceiver, FakeReceiver>();
                builder.Services.AddOpenApi(options =>
                {
                    if (withSchemas)
                    {
                        options.AddInterviewBookingSchemas();
                    }
                });
            },
            map: app =>
            {
                app.MapStripeWebhook();
                app.MapOpenApi();
                map?.Invoke(app);
            });
        using var http = host.App.GetTestClient();
        using var response = await http.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }

    private static JsonElement Schema(JsonDocument document, string name) =>
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static JsonElement Property(JsonDocument document, JsonElement schema, string name) =>
        Resolve(document, schema.GetProperty("properties").GetProperty(name));

    /// <summary>The schema itself, or the component a <c>$ref</c> names; a nullable value's <c>oneOf: [null, $ref]</c> resolves to that component.</summary>
    private static JsonElement Resolve(JsonDocument document, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var choices = oneOf.EnumerateArray().ToArray();
            Assert.Equal(2, choices.Length);
            Assert.Contains(choices, c => Types(c) is ["null"]);
            return Resolve(document, Assert.Single(choices, c => Types(c) is not ["null"]));
        }

        return RefName(schema) is { } name ? Schema(document, name) : schema;
    }

    /// <summary>Whether the property may be null: <c>type</c> lists <c>null</c>, or a <c>oneOf</c> offers it.</summary>
    private static bool IsNullable(JsonElement property) =>
        Types(property).Contains("null") || (property.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(c => Types(c) is ["null"]));

    private static string? RefName(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? reference.GetString()!.Split('/')[^1] : null;

    private static string[] Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal)]
        : [type.GetString()!];

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static void AssertString(JsonElement schema, string format)
    {
        Assert.Equal(["string"], Types(schema));
        Assert.Equal(format, schema.GetProperty("format").GetString());
        Assert.False(schema.TryGetProperty("properties", out _));
    }

    private static void AssertInteger(JsonElement schema, string format)
    {
        Assert.Contains("integer", Types(schema));
        Assert.Equal(format, schema.GetProperty("format").GetString());
    }

    private sealed class FakeReceiver : IPaymentWebhookReceiver
    {
        public const string Header = "Stripe-Signature";

        public string Provider => "stripe";

        public string SignatureHeader => Header;

        public Task<PaymentProviderAnswer> ReceiveAsync(string body, string signature, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PaymentProviderAnswer(200, "Processed", "ok"));
    }
}
