using System.Text;
using InterviewBooking.InMemory;
using InterviewBooking.Stripe;

namespace InterviewBooking.Sample.Web;

/// <summary>The sample host: the library registered once, four endpoints, and the simulated or the Stripe gateway.</summary>
public static class SampleWebApp
{
    /// <summary>Builds the host. <paramref name="configure"/> lets tests replace services (a Stripe client pointed at a fake, say).</summary>
    /// <param name="args">Command-line arguments (configuration: <c>--urls</c>, <c>--Stripe:SecretKey</c>, ...).</param>
    /// <param name="configure">Runs after the sample's registrations.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SampleWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        var stripe = builder.Configuration.GetSection("Stripe");
        var useStripe = !string.IsNullOrWhiteSpace(stripe["SecretKey"]);
        var library = builder.Services.AddInterviewBooking(options =>
            {
                // A Stripe Checkout Session expires when the hold ends, and Stripe needs at least 30 minutes (plus a margin).
                options.HoldDuration = Duration.FromMinutes(35);
                options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
                options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock interview", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
                options.AddOns.Add(new AddOnOffer { Id = "written-feedback", Name = "Written feedback report", PriceMinorUnits = 1500 });
            })
            .AddInMemoryStores(directory =>
            {
                foreach (var interviewer in SampleInterviewers.All())
                {
                    directory.AddOrUpdate(interviewer);
                }
            })
            .AddOutboxWorker(); // the web host runs it as a hosted service: notifications leave after the webhook's answer
        if (useStripe)
        {
            library.AddStripePayments(options =>
            {
                options.SecretKey = stripe["SecretKey"] ?? string.Empty;
                options.WebhookSecret = stripe["WebhookSecret"] ?? string.Empty;
                options.SuccessUrl = stripe["SuccessUrl"] ?? string.Empty;
                options.CancelUrl = stripe["CancelUrl"] ?? string.Empty;
                if (Uri.TryCreate(stripe["ApiBase"], UriKind.Absolute, out var apiBase))
                {
                    options.ApiBase = apiBase;
                }
            });
        }
        else
        {
            library.AddSimulatedPayments();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        MapBookings(app);
        if (useStripe)
        {
            MapStripe(app);
        }
        else
        {
            MapSimulated(app);
        }

        return app;
    }

    private static void MapBookings(WebApplication app)
    {
        app.MapPost("/bookings", async (StartBookingRequest body, BookingService bookings, CancellationToken ct) =>
        {
            InterviewRequest request;
            try
            {
                request = body.ToInterviewRequest();
            }
            catch (ArgumentException exception)
            {
                return Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            BookingStartResult started;
            try
            {
                started = await bookings.StartAsync(request, ct);
            }
            catch (InvalidInterviewRequestException exception)
            {
                return Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            return started.Outcome switch
            {
                BookingStartOutcome.Started => Results.Created($"/bookings/{started.Session!.Id}", BookingView.From(started.Session)),
                BookingStartOutcome.CheckoutFailed => Results.Problem(started.Reason, statusCode: StatusCodes.Status502BadGateway),
                _ => Results.Problem(started.Reason, statusCode: StatusCodes.Status409Conflict, title: started.Outcome.ToString()),
            };
        });

        app.MapGet("/bookings/{id}", async (string id, IPaymentSessionStore sessions, CancellationToken ct) =>
            await FindAsync(id, sessions, ct) is { } session ? Results.Ok(BookingView.From(session)) : Results.NotFound());
    }

    private static void MapStripe(WebApplication app)
    {
        // Stripe signs the exact bytes it sent: read the raw body once, never a model-bound or re-serialized one.
        app.MapPost("/webhooks/stripe", async (HttpRequest request, StripeWebhookHandler handler, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct);
            var result = await handler.HandleAsync(body, request.Headers["Stripe-Signature"].FirstOrDefault(), ct);
            return Results.Json(new { status = result.Status.ToString(), rejection = result.Rejection?.ToString() }, statusCode: result.HttpStatusCode);
        });

        // The success page: do not wait for the webhook; ask Stripe and fulfill now (the webhook then finds it done).
        app.MapGet("/checkout/success", async (string session_id, StripeCheckoutService checkouts, IPaymentSessionStore sessions, CancellationToken ct) =>
        {
            var result = await checkouts.ConfirmCheckoutAsync(session_id, ct);
            return result.SessionId is { } id && await sessions.GetAsync(id, ct) is { } session
                ? Results.Ok(BookingView.From(session))
                : Results.Problem(result.Detail, statusCode: StatusCodes.Status409Conflict);
        });

        app.MapPost("/bookings/{id}/cancel", async (string id, StripeCheckoutService checkouts, IPaymentSessionStore sessions, CancellationToken ct) =>
        {
            if (await FindAsync(id, sessions, ct) is not { } session)
            {
                return Results.NotFound();
            }

            var result = await checkouts.CancelCheckoutAsync(session.Id, ct);
            return Results.Ok(BookingView.From(result.Payment?.Session ?? session));
        });
    }

    private static void MapSimulated(WebApplication app)
    {
        // Offline only: these stand in for the provider's webhook so the flow can be tried without Stripe. Never mapped with a real gateway.
        app.MapPost("/simulated/bookings/{id}/pay", (string id, HttpContext context) => SimulateAsync(id, context, (gateway, session) => gateway.CompleteCheckout(session)));
        app.MapPost("/bookings/{id}/cancel", (string id, HttpContext context) => SimulateAsync(id, context, (gateway, session) => gateway.ExpireCheckout(session)));
    }

    private static async Task<IResult> SimulateAsync(string id, HttpContext context, Func<SimulatedPaymentGateway, PaymentSessionId, PaymentEvent> paymentEvent)
    {
        var services = context.RequestServices;
        if (await FindAsync(id, services.GetRequiredService<IPaymentSessionStore>(), context.RequestAborted) is not { } session)
        {
            return Results.NotFound();
        }

        var result = await services.GetRequiredService<PaymentEventProcessor>()
            .ProcessAsync(paymentEvent(services.GetRequiredService<SimulatedPaymentGateway>(), session.Id), context.RequestAborted);
        return Results.Ok(BookingView.From(result.Session ?? session));
    }

    private static async Task<PaymentSession?> FindAsync(string id, IPaymentSessionStore sessions, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength ? null : await sessions.GetAsync(new PaymentSessionId(id), ct);
}
