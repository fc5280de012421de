using InterviewBooking.InMemory;
using InterviewBooking.Sample.Web;
using InterviewBooking.Stress;
using InterviewBooking.Stripe.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewBooking.LoadRun;

/// <summary>
/// One instance of the web sample itself (<see cref="SampleWebApp.Create"/>), on Kestrel at 127.0.0.1 and a free port, on Stripe through
/// its own Stripe.net client against the loopback fake, its clock the run's. Two things are added for the verdict: the matcher counts its
/// calls, and a delivery to the webhook is marked as such, so a match after payment is counted as the stress harness counts it.
/// </summary>
internal sealed class LoadHost : IAsyncDisposable
{
    public const string WebhookPath = "/webhooks/stripe";

    private LoadHost(int index, WebApplication app)
    {
        Index = index;
        App = app;
        BaseUrl = new Uri(app.Urls.Single());
    }

    public int Index { get; }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    /// <summary>Every notification this instance's notifier delivered (the sample's default, the recording notifier).</summary>
    public IReadOnlyList<BookingNotification> Notifications => App.Services.GetRequiredService<RecordingBookingNotifier>().Notifications;

    public IIndexedInterviewerDirectory Directory => (IIndexedInterviewerDirectory)App.Services.GetRequiredService<IInterviewerDirectory>();

    /// <param name="postgres">The connection string and schema of the PostgreSQL stores, or <see langword="null"/> for the in-memory ones.</param>
    public static async Task<LoadHost> StartAsync(int index, LoopbackStripe stripe, IClock clock, PaymentWatch watch, (string Connection, string Schema)? postgres)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Sample:SeedInterviewers=false",
            "--Stripe:SecretKey=" + FakeStripeApi.ApiKey,
            "--Stripe:WebhookSecret=" + StripeEvents.Secret,
            "--Stripe:ApiBase=" + stripe.BaseUrl.AbsoluteUri.TrimEnd('/'),
            .. postgres is { } pg
                ? new[] { "--InterviewBooking:PostgreSql:ConnectionString=" + pg.Connection, "--InterviewBooking:PostgreSql:Schema=" + pg.Schema }
                : [],
        ];
        var app = SampleWebApp.Create(args, builder =>
        {
            builder.Services.AddSingleton(clock);
            builder.Services.Replace(ServiceDescriptor.Singleton<IInterviewerMatcher>(provider => new CountingMatcher(
                ActivatorUtilities.CreateInstance<ScoringInterviewerMatcher>(provider), watch)));
            builder.Services.AddSingleton<IStartupFilter>(new WebhookMarker(watch));
        });
        await app.StartAsync();
        return new LoadHost(index, app);
    }

    /// <summary>The stores of this instance, as the verdict reads them (in memory: the only copy of the state).</summary>
    public StoreSet Stores()
    {
        var services = App.Services;
        var directory = Directory;
        return new StoreSet(
            services.GetRequiredService<IReservationStore>(),
            services.GetRequiredService<IPaymentSessionStore>(),
            services.GetRequiredService<IPaymentEventInbox>(),
            services.GetRequiredService<ICouponRedemptionStore>(),
            services.GetRequiredService<IInterviewStore>(),
            services.GetRequiredService<IOutboxStore>(),
            services.GetRequiredService<IPayoutStore>(),
            new InstanceDirectory(directory, _ => throw new NotSupportedException("The load run edits no profile.")));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Marks a request to the webhook as handling a payment (first in the pipeline), so a matcher call inside it counts as after payment.</summary>
    private sealed class WebhookMarker(PaymentWatch watch) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (!context.Request.Path.StartsWithSegments(WebhookPath, StringComparison.Ordinal))
                {
                    await inner();
                    return;
                }

                using (watch.HandlingWebhook())
                {
                    await inner();
                }
            });
            next(app);
        };
    }
}
