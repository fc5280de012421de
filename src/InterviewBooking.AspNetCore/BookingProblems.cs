using System.Text.Json;
using InterviewBooking.AspNetCore.Contracts;
using Microsoft.AspNetCore.Http;

namespace InterviewBooking.AspNetCore;

/// <summary>The one place typed outcomes and errors become RFC 9457 problem details.</summary>
internal static class BookingProblems
{
    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Unauthenticated() =>
        Results.Problem("The caller has no candidate id.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthenticated");

    public static IResult StartRefused(BookingStartResult started)
    {
        var status = started.Outcome switch
        {
            BookingStartOutcome.CheckoutFailed => StatusCodes.Status502BadGateway,
            BookingStartOutcome.HoldLimitReached => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Problem(
            started.Reason,
            statusCode: status,
            title: started.Outcome.ToString(),
            extensions: new Dictionary<string, object?>
            {
                ["outcome"] = started.Outcome.ToString(),
                // Serialized with the API's own options: the host's would render NodaTime values as empty objects.
                ["alternatives"] = JsonSerializer.SerializeToElement(started.Alternatives.Select(AlternativeView.From).ToArray(), ApiJson.Options),
            });
    }

    public static IResult PreviewRefused(BookingPreview preview) =>
        Results.Problem(
            "No interviewer qualifies for that slot; nothing was issued.",
            statusCode: StatusCodes.Status409Conflict,
            title: "NoMatch",
            extensions: new Dictionary<string, object?>
            {
                ["outcome"] = "NoMatch",
                ["alternatives"] = JsonSerializer.SerializeToElement(preview.Alternatives.Select(AlternativeView.From).ToArray(), ApiJson.Options),
            });

    public static IResult ChangeRefused(BookingChangeResult result)
    {
        var status = result.Outcome switch
        {
            BookingChangeOutcome.SessionNotFound => StatusCodes.Status404NotFound,
            BookingChangeOutcome.InterviewerUnavailable or BookingChangeOutcome.NoticeTooShort or BookingChangeOutcome.BeyondHorizon
                => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Problem(result.Reason, statusCode: status, title: result.Outcome.ToString(),
            extensions: new Dictionary<string, object?> { ["outcome"] = result.Outcome.ToString() });
    }

    public static IResult LifecycleRefused(InterviewLifecycleResult result)
    {
        var status = result.Outcome switch
        {
            InterviewLifecycleOutcome.SessionNotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Problem(result.Reason, statusCode: status, title: result.Outcome.ToString(),
            extensions: new Dictionary<string, object?> { ["outcome"] = result.Outcome.ToString() });
    }

    public static IResult RebookingRefused(RebookingResult result)
    {
        var status = result.Outcome switch
        {
            RebookingOutcome.SessionNotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Problem(result.Reason, statusCode: status, title: result.Outcome.ToString(),
            extensions: new Dictionary<string, object?>
            {
                ["outcome"] = result.Outcome.ToString(),
                ["alternatives"] = JsonSerializer.SerializeToElement(result.Alternatives.Select(AlternativeView.From).ToArray(), ApiJson.Options),
            });
    }

    public static IResult ProviderRefused(PaymentProviderAnswer answer) =>
        Results.Problem(answer.Detail, statusCode: answer.HttpStatusCode is >= 400 ? answer.HttpStatusCode : StatusCodes.Status409Conflict,
            title: answer.Status);

    /// <summary>The problem for an exception the endpoints let through, or <see langword="null"/> for one that is a server fault.</summary>
    public static IResult? FromException(Exception exception) => exception switch
    {
        InvalidInterviewRequestException invalid => Validation(new Dictionary<string, string[]>
        {
            [invalid.Field ?? "request"] = [invalid.Message],
        }),
        IdempotencyKeyConflictException conflict => Results.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict, title: "IdempotencyKeyConflict"),
        BadHttpRequestException bad => Results.Problem(bad.Message, statusCode: bad.StatusCode, title: "Bad request"),
        _ => null,
    };
}
