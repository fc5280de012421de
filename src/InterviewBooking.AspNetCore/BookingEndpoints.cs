using System.Text.Json;
using InterviewBooking.AspNetCore.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore;

/// <summary>The handlers of <c>MapInterviewBookingApi</c>: each checks the caller owns the booking before reading or changing it.</summary>
internal static class BookingEndpoints
{
    public static async Task<IResult> StartAsync(HttpContext context, BookingService bookings, IOptionsMonitor<InterviewBookingOptions> options)
    {
        var (body, request, problem) = await ReadRequestAsync(context, options.CurrentValue).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.PreviewToken is not null && !PreviewsOn(options.CurrentValue))
        {
            return BookingProblems.Validation(new Dictionary<string, string[]> { ["previewToken"] = ["is not read by this host (it offers no previews); start without one"] });
        }

        var started = body.PreviewToken is { } token
            ? await context.RequestServices.GetRequiredService<BookingPreviewService>().StartAsync(request!, token, context.RequestAborted).ConfigureAwait(false)
            : await bookings.StartAsync(request!, context.RequestAborted).ConfigureAwait(false);

        if (started.Outcome != BookingStartOutcome.Started || started.Session is null)
        {
            return BookingProblems.StartRefused(started);
        }

        var view = BookingView.From(started.Session);
        return started.Replayed
            ? Results.Json(view, ApiJson.Options)
            : Results.Json(view, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, IPaymentSessionStore sessions, IInterviewStore interviews, RebookingService rebooking)
    {
        var (session, problem) = await OwnedAsync(id, context, sessions).ConfigureAwait(false);
        return problem ?? Results.Json(await ViewAsync(session!, null, interviews, rebooking, context.RequestAborted).ConfigureAwait(false), ApiJson.Options);
    }

    public static async Task<IResult> RateAsync(
        string id, HttpContext context, IPaymentSessionStore sessions, IInterviewStore interviews, InterviewLifecycleService lifecycle, RebookingService rebooking)
    {
        var (session, problem) = await OwnedAsync(id, context, sessions).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (body, invalid) = await ReadAsync<RatingBody>(context).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.Stars is not { } stars)
        {
            return BookingProblems.Validation(new Dictionary<string, string[]> { ["stars"] = [$"is required, from {CandidateRating.MinStars} to {CandidateRating.MaxStars}"] });
        }

        // Out-of-range stars and an over-long comment are the service's InvalidInterviewRequestException: 400 naming the field.
        var result = await lifecycle.RateAsync(session!.Id, stars, body.Comment, context.RequestAborted).ConfigureAwait(false);
        return result.Succeeded
            ? Results.Json(await ViewAsync(result.Session ?? session, result.Interview, interviews, rebooking, context.RequestAborted).ConfigureAwait(false), ApiJson.Options)
            : BookingProblems.LifecycleRefused(result);
    }

    public static async Task<IResult> RebookAsync(
        string id, HttpContext context, IPaymentSessionStore sessions, IInterviewStore interviews, RebookingService rebooking)
    {
        var (session, problem) = await OwnedAsync(id, context, sessions).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (body, invalid) = await ReadAsync<RebookBody>(context).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body!.SlotStart is not { } start)
        {
            errors["slotStart"] = ["is required"];
        }
        else if (session!.Slot is { HasStart: true, HasEnd: true } original && !EndsInRange(start, original.Duration))
        {
            errors["slotStart"] = [SlotOutOfRange];
        }

        if (body.ExperienceYears < 0)
        {
            errors["experienceYears"] = ["must not be negative"];
        }

        if (errors.Count > 0)
        {
            return BookingProblems.Validation(errors);
        }

        if (session!.Slot is not { HasStart: true, HasEnd: true } booked)
        {
            return BookingProblems.RebookingRefused(new RebookingResult(RebookingOutcome.NotOffered, session) { Reason = $"The session is {session.Status} with no slot booked." });
        }

        // The plan, add-ons and who the candidate is come from the original: the price paid is kept.
        var request = new InterviewRequest
        {
            CandidateId = session.CandidateId,
            CandidateName = session.CandidateName,
            CandidateEmail = session.CandidateEmail,
            ExperienceYears = body.ExperienceYears,
            SkillCategories = body.SkillCategories ?? [],
            Skills = body.Skills ?? [],
            RequestedSlot = new Interval(body.SlotStart!.Value, body.SlotStart.Value + booked.Duration),
            CandidateTimeZone = session.CandidateTimeZone,
            PlanId = session.PlanId,
            AddOns = session.AddOns,
        };
        var result = await rebooking.RebookAsync(session.Id, request, context.RequestAborted).ConfigureAwait(false);
        if (result.Outcome is not (RebookingOutcome.Rebooked or RebookingOutcome.AlreadyRebooked) || result.Rebooked is null)
        {
            return BookingProblems.RebookingRefused(result);
        }

        var view = await ViewAsync(result.Rebooked, null, interviews, rebooking, context.RequestAborted).ConfigureAwait(false);
        return result.Outcome == RebookingOutcome.AlreadyRebooked
            ? Results.Json(view, ApiJson.Options)
            : Results.Json(view, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    // The booking with its interview (status, feedback, rating) and whether the free rebooking can be chosen now.
    private static async Task<BookingView> ViewAsync(
        PaymentSession session, ScheduledInterview? interview, IInterviewStore interviews, RebookingService rebooking, CancellationToken cancellationToken)
    {
        interview ??= session.InterviewId is { IsEmpty: false } interviewId
            ? await interviews.GetAsync(interviewId, cancellationToken).ConfigureAwait(false)
            : null;
        if (interview is null)
        {
            return BookingView.From(session);
        }

        var offered = session.Status == PaymentSessionStatus.BookingCanceled
            && await rebooking.IsOfferedAsync(session.Id, cancellationToken).ConfigureAwait(false);
        return BookingView.From(session) with { Interview = InterviewView.From(interview, offered) };
    }

    public static async Task<IResult> CancelAsync(string id, HttpContext context, IPaymentSessionStore sessions, BookingChangeService changes)
    {
        var (session, problem) = await OwnedAsync(id, context, sessions).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (body, invalid) = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await ReadAsync<CancelBody>(context).ConfigureAwait(false)
            : (new CancelBody(), null);
        if (invalid is not null)
        {
            return invalid;
        }

        if (session!.Status == PaymentSessionStatus.Pending)
        {
            // Not paid yet: the provider's checkout is closed first, so it can no longer be paid, and the hold is released.
            if (context.RequestServices.GetService<ICheckoutControl>() is not { } checkouts)
            {
                return Results.Problem("No payment adapter registered an ICheckoutControl to close the open checkout.", statusCode: StatusCodes.Status409Conflict);
            }

            var answer = await checkouts.AbandonAsync(session.Id, context.RequestAborted).ConfigureAwait(false);
            if (!answer.Succeeded)
            {
                return BookingProblems.ProviderRefused(answer);
            }

            var now = await sessions.GetAsync(session.Id, context.RequestAborted).ConfigureAwait(false) ?? session;
            return Results.Json(BookingView.From(now), ApiJson.Options);
        }

        var result = await changes.CancelAsync(session.Id, body!.Reason, context.RequestAborted).ConfigureAwait(false);
        return result.Succeeded
            ? Results.Json(BookingView.From(result.Session!), ApiJson.Options)
            : BookingProblems.ChangeRefused(result);
    }

    public static async Task<IResult> RescheduleAsync(string id, HttpContext context, IPaymentSessionStore sessions, BookingChangeService changes)
    {
        var (session, problem) = await OwnedAsync(id, context, sessions).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (body, invalid) = await ReadAsync<RescheduleBody>(context).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.SlotStart is not { } start)
        {
            return BookingProblems.Validation(new Dictionary<string, string[]> { ["slotStart"] = ["is required"] });
        }

        if (session!.Slot is not { HasStart: true, HasEnd: true } booked)
        {
            return BookingProblems.ChangeRefused(new BookingChangeResult(BookingChangeOutcome.NotBooked, session) { Reason = "The session has no slot to move." });
        }

        if (!EndsInRange(start, booked.Duration))
        {
            return BookingProblems.Validation(new Dictionary<string, string[]> { ["slotStart"] = [SlotOutOfRange] });
        }

        var result = await changes.RescheduleAsync(session.Id, new Interval(start, start + booked.Duration), context.RequestAborted).ConfigureAwait(false);
        return result.Succeeded
            ? Results.Json(BookingView.From(result.Session!), ApiJson.Options)
            : BookingProblems.ChangeRefused(result);
    }

    public static async Task<IResult> ReturnAsync([FromQuery(Name = "session_id")] string? reference, HttpContext context, IPaymentSessionStore sessions)
    {
        if (CandidateOf(context) is not { } candidate)
        {
            return BookingProblems.Unauthenticated();
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Length > IdText.MaxLength)
        {
            return BookingProblems.Validation(new Dictionary<string, string[]> { ["session_id"] = [$"is required, at most {IdText.MaxLength} characters"] });
        }

        if (context.RequestServices.GetService<ICheckoutControl>() is not { } checkouts)
        {
            return Results.Problem("No payment adapter registered an ICheckoutControl to confirm the return.", statusCode: StatusCodes.Status409Conflict);
        }

        var answer = await checkouts.ConfirmReturnAsync(reference, context.RequestAborted).ConfigureAwait(false);
        var session = answer.SessionId is { } sessionId ? await sessions.GetAsync(sessionId, context.RequestAborted).ConfigureAwait(false) : null;
        if (session is null || session.CandidateId != candidate)
        {
            return answer.HttpStatusCode >= 500 ? BookingProblems.ProviderRefused(answer) : BookingProblems.NotFound($"No checkout '{Excerpt(reference)}' of yours.");
        }

        return Results.Json(BookingView.From(session), ApiJson.Options);
    }

    private static async Task<(PaymentSession? Session, IResult? Problem)> OwnedAsync(string id, HttpContext context, IPaymentSessionStore sessions)
    {
        if (CandidateOf(context) is not { } candidate)
        {
            return (null, BookingProblems.Unauthenticated());
        }

        // A blank or over-long id names no session: 404, never an exception from the id type.
        var session = string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength
            ? null
            : await sessions.GetAsync(new PaymentSessionId(id), context.RequestAborted).ConfigureAwait(false);

        // Another candidate's booking is answered exactly like a missing one, so ids cannot be probed.
        return session is null || session.CandidateId != candidate
            ? (null, BookingProblems.NotFound($"No booking '{Excerpt(id)}' of yours."))
            : (session, null);
    }

    private static CandidateId? CandidateOf(HttpContext context)
    {
        var options = context.RequestServices.GetService<IOptions<InterviewBookingApiOptions>>()?.Value ?? new InterviewBookingApiOptions();
        var id = options.ResolveCandidateId(context.User);
        return string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength ? null : new CandidateId(id);
    }

    // The caller's request body as an InterviewRequest of the caller's candidate, or the problem that answers instead (401, 400).
    private static async Task<(StartBookingBody? Body, InterviewRequest? Request, IResult? Problem)> ReadRequestAsync(HttpContext context, InterviewBookingOptions options)
    {
        if (CandidateOf(context) is not { } candidate)
        {
            return (null, null, BookingProblems.Unauthenticated());
        }

        var (body, invalid) = await ReadAsync<StartBookingBody>(context).ConfigureAwait(false);
        if (invalid is not null)
        {
            return (null, null, invalid);
        }

        var (request, errors) = ToRequest(body!, candidate, options);
        return request is null ? (body, null, BookingProblems.Validation(errors)) : (body, request, null);
    }

    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, Results.Problem("The body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ApiJson.Options, context.RequestAborted).ConfigureAwait(false);
            return body is null
                ? (null, BookingProblems.Validation(new Dictionary<string, string[]> { ["body"] = ["is required"] }))
                : (body, null);
        }
        catch (JsonException exception)
        {
            // The reader names the field (path) that failed; NodaTime's converters say what form they expect.
            var field = string.IsNullOrEmpty(exception.Path) ? "body" : exception.Path.TrimStart('$', '.');
            return (null, BookingProblems.Validation(new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = [exception.InnerException?.Message ?? exception.Message] }));
        }
    }

    public static async Task<IResult> PreviewAsync(HttpContext context, BookingPreviewService previews, IOptionsMonitor<InterviewBookingOptions> options)
    {
        var (_, request, problem) = await ReadRequestAsync(context, options.CurrentValue).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!PreviewsOn(options.CurrentValue))
        {
            return Results.Problem("Previews are not offered by this host: it sets no InterviewBookingOptions.PreviewTokenKey.",
                statusCode: StatusCodes.Status404NotFound, title: "PreviewsOff");
        }

        var preview = await previews.PreviewAsync(request!, context.RequestAborted).ConfigureAwait(false);
        if (!preview.Succeeded || preview.Match is not { } match)
        {
            return BookingProblems.PreviewRefused(preview);
        }

        var interviewer = match.Interviewer;
        return Results.Json(new PreviewView(
            new InterviewerView(interviewer.Id.Value, interviewer.Name, interviewer.Company),
            ScoreView.From(match.Score),
            new SlotView(match.Slot.Start, match.Slot.End, preview.SlotText),
            PriceView.From(preview.Price),
            preview.Token!,
            preview.ExpiresAt!.Value), ApiJson.Options);
    }

    public static async Task<IResult> SearchAsync(HttpContext context, SlotSearchService search, IOptionsMonitor<InterviewBookingOptions> options)
    {
        if (CandidateOf(context) is null)
        {
            return BookingProblems.Unauthenticated();
        }

        var (body, invalid) = await ReadAsync<SlotSearchBody>(context).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var zone = Zone(errors, body!.TimeZone);
        var plan = Plan(errors, body.PlanId, options.CurrentValue);
        if (body.ExperienceYears < 0)
        {
            errors["experienceYears"] = ["must not be negative"];
        }

        if (body.Days is < 1 or > 60)
        {
            errors["days"] = ["must be between 1 and 60"];
        }

        if (body.MaxSlots is { } max && (max < 1 || max > options.CurrentValue.MaxSearchSlots))
        {
            errors["maxSlots"] = [$"must be between 1 and {options.CurrentValue.MaxSearchSlots}"];
        }

        if (errors.Count > 0)
        {
            return BookingProblems.Validation(errors);
        }

        var result = await search.SearchAsync(new SlotSearchQuery
        {
            ExperienceYears = body.ExperienceYears,
            SkillCategories = body.SkillCategories ?? [],
            Skills = body.Skills ?? [],
            CandidateTimeZone = zone!,
            PlanId = plan!.Id,
            From = body.From,
            Range = body.Days is { } days ? Duration.FromDays(days) : null,
            MaxSlots = body.MaxSlots,
        }, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(SlotSearchView.From(result), ApiJson.Options);
    }

    /// <summary>The core's request from a start body, or every field at fault at once.</summary>
    private static (InterviewRequest? Request, Dictionary<string, string[]> Errors) ToRequest(StartBookingBody body, CandidateId candidate, InterviewBookingOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Require(errors, "candidateName", body.CandidateName);
        Require(errors, "candidateEmail", body.CandidateEmail);
        if (body.ExperienceYears < 0)
        {
            errors["experienceYears"] = ["must not be negative"];
        }

        var zone = Zone(errors, body.TimeZone);
        var plan = Plan(errors, body.PlanId, options);
        if (body.SlotStart is not { } slotStart)
        {
            errors["slotStart"] = ["is required"];
        }
        else if (plan is not null && !EndsInRange(slotStart, plan.Duration))
        {
            errors["slotStart"] = [SlotOutOfRange];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var start = body.SlotStart!.Value;
        return (new InterviewRequest
        {
            CandidateId = candidate,
            CandidateName = body.CandidateName!,
            CandidateEmail = body.CandidateEmail!,
            ExperienceYears = body.ExperienceYears,
            SkillCategories = body.SkillCategories ?? [],
            Skills = body.Skills ?? [],
            RequestedSlot = new Interval(start, start + plan!.Duration),
            CandidateTimeZone = zone!,
            PlanId = plan.Id,
            AddOns = (body.AddOns ?? []).Select(a => new AddOnSelection(a)).ToArray(),
            CouponCode = body.CouponCode,
            IdempotencyKey = body.IdempotencyKey,
        }, errors);
    }

    private static DateTimeZone? Zone(Dictionary<string, string[]> errors, string? id)
    {
        if (!Require(errors, "timeZone", id))
        {
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id!);
        if (zone is null)
        {
            errors["timeZone"] = [$"\"{Excerpt(id!)}\" is not an IANA time zone id (use \"Europe/London\", say)"];
        }

        return zone;
    }

    private static InterviewPlan? Plan(Dictionary<string, string[]> errors, string? id, InterviewBookingOptions options)
    {
        if (!Require(errors, "planId", id))
        {
            return null;
        }

        var plan = options.Plans.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));
        if (plan is null)
        {
            errors["planId"] = [$"\"{Excerpt(id!)}\" is not a plan; use one of: {string.Join(", ", options.Plans.Select(p => p.Id))}"];
        }

        return plan;
    }

    private static bool Require(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["is required"];
            return false;
        }

        return true;
    }

    // Without a signing key the core cannot issue or read a token; that is the host's choice, never the caller's fault.
    private static bool PreviewsOn(InterviewBookingOptions options) => !string.IsNullOrEmpty(options.PreviewTokenKey);

    private const string SlotOutOfRange = "is too far in the future: the slot would end past the last instant a date can hold";

    // The slot's end is computed here, before the core's own range checks: a start near the end of time would overflow that sum.
    private static bool EndsInRange(Instant start, Duration length) => Instant.MaxValue - start >= length;

    private static string Excerpt(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
