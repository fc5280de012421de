using System.Globalization;
using global::Stripe;

namespace InterviewBooking.Stripe.Internal;

/// <summary>Runs Stripe.net calls and turns their failures into <see cref="StripePaymentException"/>.</summary>
internal static class StripeCalls
{
    public static async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StripeException exception)
        {
            var status = exception.StripeResponse is null && exception.HttpStatusCode == 0 ? (int?)null : (int)exception.HttpStatusCode;
            throw new StripePaymentException(
                string.Create(CultureInfo.InvariantCulture, $"Stripe {operation} failed ({status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}"
                    + $"{(exception.StripeError?.Code is { } code ? ", " + code : string.Empty)}): {exception.StripeError?.Message ?? exception.Message}"),
                exception)
            {
                Operation = operation,
                HttpStatusCode = status,
                ErrorType = exception.StripeError?.Type,
                ErrorCode = exception.StripeError?.Code,
                RequestId = exception.StripeResponse?.RequestId,
            };
        }
        catch (HttpRequestException exception)
        {
            throw new StripePaymentException($"Stripe {operation} failed: Stripe could not be reached ({exception.Message}).", exception) { Operation = operation };
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StripePaymentException($"Stripe {operation} timed out.", exception) { Operation = operation };
        }
    }
}
