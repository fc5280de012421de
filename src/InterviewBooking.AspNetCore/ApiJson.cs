using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime.Serialization.SystemTextJson;

namespace InterviewBooking.AspNetCore;

/// <summary>
/// The serializer options of the package's endpoints: web defaults with NodaTime's ISO converters. Its own, so a host's global JSON
/// options neither break nor are changed by the booking API.
/// </summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.MakeReadOnly();
        return options;
    }
}
