using System.Security.Cryptography;
using InterviewBooking.InMemory;

namespace InterviewBooking.Sample.Web;

/// <summary>
/// The sample host: the library registered once, the package's booking API and webhook, health checks, the simulated or the Stripe
/// gateway, and the candidate's pages (Razor Pages over the library's services: booking, payment, confirmation, manage, interviewer).
/// </summary>
public static class SampleWebApp
{
    /// <summary>The demo header naming the candidate. A real host signs candidates in; the API reads their id from the claims.</summary>
    public const string DemoCandidateHeader = "X-Demo-Candidate";

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

        var settings = SampleSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        var stripe = builder.Configuration.GetSection("Stripe");
        var useStripe = !string.IsNullOrWhiteSpace(stripe["SecretKey"]);
        var library = builder.Services.AddInterviewBooking(options =>
            {
                // A Stripe Checkout Session expires when the hold ends, and Stripe needs at least 30 minutes (plus a margin).
                options.HoldDuration = Duration.FromMinutes(35);
                options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
                options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock interview", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
                options.AddOns.Add(new AddOnOffer { Id = "written-feedback", Name = "Written feedback report", PriceMinorUnits = 1500 });

                // The booking page previews the match before holding it; the token key is configured, or random for this process.
                options.PreviewTokenKey = builder.Configuration["InterviewBooking:PreviewTokenKey"] is { Length: > 0 } key
                    ? key
                    : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            })
            .AddInMemoryStores(directory =>
            {
                foreach (var interviewer in settings.SeedInterviewers && !settings.UsesPostgreSql ? SampleInterviewers.All() : [])
                {
                    directory.AddOrUpdate(interviewer);
                }
            })
            .AddOutboxWorker() // the web host runs it as a hosted service: notifications leave after the webhook's answer
            .AddCalendarInvites(options =>
            {
                options.OrganizerName = "InterviewBooking sample";
                options.OrganizerEmail = "bookings@interviewbooking.example";
            })
            .AddInterviewBookingApi();
        if (settings.UsesPostgreSql)
        {
            // Every instance on one database: the stores and the directory there. The schema step runs first, then the directory loads.
            library.AddPostgreSqlStores(builder.Configuration.GetSection("InterviewBooking:PostgreSql"));
            builder.Services.AddHostedService<SampleDatabase>();
            library.AddPostgreSqlInterviewerDirectory();
        }

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

        builder.Services.AddHealthChecks().AddInterviewBookingHealthChecks();
        builder.Services.AddSingleton(new SamplePayments(useStripe));
        // Pages show live state (a hold, a payment): never from a cache, so Back after paying shows the booking, not the old checkout.
        builder.Services.AddRazorPages(pages => pages.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.ResponseCacheAttribute { NoStore = true, Location = Microsoft.AspNetCore.Mvc.ResponseCacheLocation.None }));
        configure?.Invoke(builder);
        var app = builder.Build();

        // A page's failure is a friendly page without internals; the API's stays an RFC 9457 problem.
        app.UseWhen(context => DemoCandidate.IsPageRequest(context.Request), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error" });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseWhen(context => !DemoCandidate.IsPageRequest(context.Request), api => api.UseExceptionHandler());
        app.Use(DemoCandidate.SignInAsync);
        app.Use(ViewerZone.RememberAsync);
        app.UseRouting(); // after the error handlers, so their re-executed /error request is routed again
        app.MapInterviewBookingApi();
        app.MapRazorPages();
        app.MapGet("/manage/{id}/invite.ics", InviteDownload.GetAsync).ExcludeFromDescription();
        app.MapHealthChecks("/health");
        if (useStripe)
        {
            app.MapStripeWebhook();
        }
        else
        {
            MapSimulatedPayment(app);
        }

        return app;
    }

    private static void MapSimulatedPayment(WebApplication app) =>
        // Offline only: this stands in for the provider's webhook so the flow can be tried without Stripe. Never mapped with a real gateway.
        app.MapPost("/simulated/bookings/{id}/pay", async (string id, IPaymentSessionStore sessions, SimulatedPaymentGateway gateway, PaymentEventProcessor events, CancellationToken ct) =>
        {
            var session = string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength ? null : await sessions.GetAsync(new PaymentSessionId(id), ct);
            if (session is null || gateway.FindCheckout(session.Id) is null)
            {
                return Results.Problem($"No simulated checkout for '{id}'.", statusCode: StatusCodes.Status404NotFound);
            }

            var result = await events.ProcessAsync(gateway.CompleteCheckout(session.Id), ct);
            return Results.Json(new { outcome = result.Outcome.ToString(), status = result.Session?.Status.ToString() });
        });
}
