using System.Text.Json;
using InterviewBooking;
using InterviewBooking.AspNetCore;
using InterviewBooking.AspNetCore.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the booking JSON API and payment webhooks.</summary>
public static class InterviewBookingEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the booking API under <paramref name="prefix"/>: <c>POST /slots/search</c>, <c>POST /bookings/preview</c>, <c>POST /bookings</c> (with a preview token or without), <c>GET /bookings/{id}</c>, <c>POST /bookings/{id}/cancel</c>,
    /// <c>POST /bookings/{id}/reschedule</c>, <c>POST /bookings/{id}/rating</c>, <c>POST /bookings/{id}/rebook</c> and <c>GET /checkout/return?session_id=</c>. The caller's candidate id comes from
    /// <see cref="InterviewBookingApiOptions.CandidateIdResolver"/>; typed errors answer as problem details.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The group's route prefix; empty by default.</param>
    /// <returns>The group, for the host's authorization policies (<c>.RequireAuthorization("candidates")</c>), rate limits or tags.</returns>
    public static RouteGroupBuilder MapInterviewBookingApi(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(static async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception exception) when (BookingProblems.FromException(exception) is not null)
            {
                return BookingProblems.FromException(exception);
            }
        });
        group.WithTags("Bookings");

        group.MapPost("/slots/search", BookingEndpoints.SearchAsync).WithName("SearchSlots")
            .WithSummary("Free plan-length slots of the interviewers who qualify, by the candidate's day, with the best interviewer per slot.")
            .Accepts<SlotSearchBody>("application/json")
            .Produces<SlotSearchView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/bookings/preview", BookingEndpoints.PreviewAsync).WithName("PreviewBooking")
            .WithSummary("Who a start would hold for the slot, and a signed token that books exactly them.")
            .Accepts<StartBookingBody>("application/json")
            .Produces<PreviewView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/bookings", BookingEndpoints.StartAsync).WithName("StartBooking")
            .WithSummary("Holds the slot with the pre-matched interviewer (or the previewed one) and opens the checkout.")
            .Accepts<StartBookingBody>("application/json")
            .Produces<BookingView>(StatusCodes.Status201Created).Produces<BookingView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapGet("/bookings/{id}", BookingEndpoints.GetAsync).WithName("GetBooking")
            .WithSummary("The caller's booking: status, interviewer, slot, price, where to pay, and the interview's status, feedback, rating and rebooking choice.")
            .Produces<BookingView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/bookings/{id}/cancel", BookingEndpoints.CancelAsync).WithName("CancelBooking")
            .WithSummary("Cancels the caller's booking: a pending one closes its checkout, a booked one is refunded by the policy.")
            .Accepts<CancelBody>("application/json")
            .Produces<BookingView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapPost("/bookings/{id}/reschedule", BookingEndpoints.RescheduleAsync).WithName("RescheduleBooking")
            .WithSummary("Moves the caller's booked interview to another start, same interviewer and length.")
            .Accepts<RescheduleBody>("application/json")
            .Produces<BookingView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/bookings/{id}/rating", BookingEndpoints.RateAsync).WithName("RateInterview")
            .WithSummary("The caller rates the interviewer (1-5, optional comment) once, after the interview was completed.")
            .Accepts<RatingBody>("application/json")
            .Produces<BookingView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/bookings/{id}/rebook", BookingEndpoints.RebookAsync).WithName("RebookInterview")
            .WithSummary("After the interviewer canceled or did not show: a free rebooking with another interviewer instead of the refund.")
            .Accepts<RebookBody>("application/json")
            .Produces<BookingView>(StatusCodes.Status201Created).Produces<BookingView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/checkout/return", BookingEndpoints.ReturnAsync).WithName("ConfirmCheckoutReturn")
            .WithSummary("The provider's success or return URL: confirms the payment at once, without waiting for the webhook.")
            .Produces<BookingView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return group;
    }

    /// <summary>
    /// Maps the webhook of the payment adapter registered as <paramref name="provider"/> (an <see cref="IPaymentWebhookReceiver"/>): the
    /// signature header is checked before the body is read, the body is limited to <paramref name="maxBodyBytes"/> and passed on raw, and
    /// the adapter's status is the answer.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route.</param>
    /// <param name="provider">The adapter's <see cref="IPaymentWebhookReceiver.Provider"/>.</param>
    /// <param name="maxBodyBytes">The largest body accepted; larger answers 413 unread.</param>
    /// <returns>The endpoint, for the host's conventions.</returns>
    public static RouteHandlerBuilder MapPaymentWebhook(this IEndpointRouteBuilder endpoints, string pattern, string provider, long maxBodyBytes = WebhookEndpoint.DefaultMaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBodyBytes);
        return endpoints.MapPost(pattern, (Func<HttpContext, Task<IResult>>)(context => WebhookEndpoint.HandleAsync(context, provider, maxBodyBytes)))
            .WithTags("Webhooks").WithName($"Receive{char.ToUpperInvariant(provider[0])}{provider[1..]}Webhook")
            .WithSummary($"Receives the {provider} webhook: the signature header is checked before the body is read, the body passed on raw.")
            .Accepts<JsonElement>("application/json")
            .Produces<WebhookAnswer>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, context, _) => WebhookEndpoint.DescribeSignatureHeader(operation, context.ApplicationServices, provider));
    }

    /// <summary>Maps the Stripe webhook (registered by <c>AddStripePayments</c>) at <paramref name="pattern"/>; see <see cref="MapPaymentWebhook"/>.</summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route; <c>/webhooks/stripe</c> by default.</param>
    /// <param name="maxBodyBytes">The largest body accepted (Stripe's events are a few kilobytes).</param>
    /// <returns>The endpoint.</returns>
    public static RouteHandlerBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints, string pattern = "/webhooks/stripe", long maxBodyBytes = WebhookEndpoint.DefaultMaxBodyBytes) =>
        endpoints.MapPaymentWebhook(pattern, "stripe", maxBodyBytes);
}
