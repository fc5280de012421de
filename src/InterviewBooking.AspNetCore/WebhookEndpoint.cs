using System.Buffers;
using System.Text;
using InterviewBooking.AspNetCore.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace InterviewBooking.AspNetCore;

/// <summary>The webhook handler behind <c>MapPaymentWebhook</c>: cheap refusals first, then the raw body, bounded, to the adapter.</summary>
internal static class WebhookEndpoint
{
    /// <summary>The default body limit, 256 KiB: far above any checkout event, far below what a flood needs.</summary>
    public const long DefaultMaxBodyBytes = 256 * 1024;

    internal static async Task<IResult> HandleAsync(HttpContext context, string provider, long maxBodyBytes)
    {
        var receiver = context.RequestServices.GetServices<IPaymentWebhookReceiver>()
            .FirstOrDefault(r => string.Equals(r.Provider, provider, StringComparison.OrdinalIgnoreCase));
        if (receiver is null)
        {
            return Results.Problem($"No payment adapter registered a '{provider}' webhook.", statusCode: StatusCodes.Status404NotFound);
        }

        // The signature header is looked at before a byte of the body is read: an unsigned flood costs nothing.
        var signature = context.Request.Headers[receiver.SignatureHeader].ToString();
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Answer(new PaymentProviderAnswer(StatusCodes.Status400BadRequest, "Rejected", $"The {receiver.SignatureHeader} header is missing or empty.")
            {
                Rejection = "MissingSignature",
            });
        }

        if (context.Request.ContentLength > maxBodyBytes)
        {
            return TooLarge(maxBodyBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodyBytes;
        }

        var body = await ReadBoundedAsync(context.Request.Body, maxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(maxBodyBytes);
        }

        return Answer(await receiver.ReceiveAsync(body, signature, context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>The body as UTF-8 text, exactly as sent; <see langword="null"/> when it exceeds the limit (chunked bodies have no length).</summary>
    private static async Task<string?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IResult TooLarge(long maxBodyBytes) =>
        Results.Problem($"The body is larger than {maxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

    // A delivery taken answers the adapter's status as JSON; one refused is a problem details document like every other refusal.
    private static IResult Answer(PaymentProviderAnswer answer) => answer.Succeeded
        ? Results.Json(new WebhookAnswer(answer.Status, answer.Rejection, answer.Detail), statusCode: answer.HttpStatusCode)
        : Results.Problem(answer.Detail, statusCode: answer.HttpStatusCode, title: answer.Status,
            extensions: new Dictionary<string, object?> { ["rejection"] = answer.Rejection });

    /// <summary>Documents the provider's signature header as a required parameter (its name comes from the registered adapter).</summary>
    internal static Task DescribeSignatureHeader(OpenApiOperation operation, IServiceProvider services, string provider)
    {
        var receiver = services.GetServices<IPaymentWebhookReceiver>()
            .FirstOrDefault(r => string.Equals(r.Provider, provider, StringComparison.OrdinalIgnoreCase));
        if (receiver is not null)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = receiver.SignatureHeader,
                In = ParameterLocation.Header,
                Required = true,
                Description = $"The {provider} signature of the raw body; a delivery without it is refused before its body is read.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }
}
