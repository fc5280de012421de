using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InterviewBooking.AspNetCore.OpenApi;

/// <summary>Gives every NodaTime type in the document its wire form (<see cref="NodaTimeSchemas"/>), for the booking API and the host's own endpoints alike.</summary>
internal sealed class NodaTimeSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        NodaTimeSchemas.TryApply(schema, context.JsonTypeInfo.Type);
        return Task.CompletedTask;
    }
}
