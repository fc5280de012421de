using InterviewBooking.AspNetCore.OpenApi;

namespace Microsoft.AspNetCore.OpenApi;

/// <summary>Makes the OpenAPI document (Microsoft.AspNetCore.OpenApi) describe InterviewBooking's endpoints as they answer.</summary>
public static class InterviewBookingOpenApiOptionsExtensions
{
    /// <summary>
    /// Adds the schema transformer that documents NodaTime values in their wire form (<c>Instant</c> as a <c>date-time</c> string,
    /// <c>LocalDate</c> as a <c>date</c>, <c>Duration</c>, <c>Interval</c>, zones and offsets), which the generator otherwise renders as
    /// empty objects: <c>builder.Services.AddOpenApi(options => options.AddInterviewBookingSchemas())</c>, then <c>app.MapOpenApi()</c>.
    /// It applies to the host's own endpoints too.
    /// </summary>
    /// <param name="options">The document's options.</param>
    /// <returns>The options.</returns>
    public static OpenApiOptions AddInterviewBookingSchemas(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddSchemaTransformer<NodaTimeSchemaTransformer>();
    }
}
