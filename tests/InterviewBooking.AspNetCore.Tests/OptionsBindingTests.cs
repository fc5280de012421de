using System.Net;
using System.Security.Claims;
using InterviewBooking.CalDav;
using InterviewBooking.Calendar;
using InterviewBooking.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>
/// Every options type without an IConfiguration overload before binds from its section of one appsettings file
/// (appsettings.options.json), durations in the .NET form and NodaTime's side by side; the other packages' are bound by ConfigurationBindingTests.
/// </summary>
public sealed class OptionsBindingTests
{
    private static readonly IConfiguration Root =
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.options.json")).Build().GetSection("InterviewBooking");

    [Fact]
    public void Outbox_worker_options_bind()
    {
        using var provider = Build(b => b.AddOutboxWorker(Root.GetSection("OutboxWorker")));

        var options = Value<OutboxWorkerOptions>(provider);

        Assert.Equal(64, options.BatchSize);
        Assert.Equal(Duration.FromSeconds(2), options.PollInterval);
        Assert.Equal(Duration.FromMinutes(3), options.LeaseDuration);
        Assert.Equal(12, options.MaxAttempts);
        Assert.Equal(Duration.FromSeconds(15), options.BackoffBase);
        Assert.Equal(Duration.FromHours(2), options.BackoffCap);
    }

    [Fact]
    public void Sweeper_options_bind()
    {
        using var provider = Build(b => b.AddPaymentSessionSweeper(Root.GetSection("Sweeper")));

        var options = Value<PaymentSessionSweeperOptions>(provider);

        Assert.Equal(Duration.FromMinutes(2), options.Interval);
        Assert.Equal(150, options.BatchSize);
        Assert.Equal(Duration.FromMinutes(20), options.PendingCheckAfter);
    }

    [Fact]
    public void Calendar_invite_options_bind()
    {
        using var provider = Build(b => b.AddCalendarInvites(Root.GetSection("Calendar")));

        var options = Value<CalendarInviteOptions>(provider);

        Assert.Equal("Acme Interviews", options.OrganizerName);
        Assert.Equal("interviews@acme.example", options.OrganizerEmail);
        Assert.Equal("bookings.acme.example", options.EffectiveUidDomain);
        Assert.Equal(CalendarInviteOptions.DefaultProductId, options.ProductId);
    }

    [Fact]
    public void CalDav_options_bind()
    {
        using var provider = Build(b => b.AddCalDavCalendars<NoCalendars>(Root.GetSection("CalDav")));

        var options = Value<CalDavOptions>(provider);

        Assert.Equal(Duration.FromMinutes(10), options.CacheTimeToLive);
        Assert.Equal(Duration.FromSeconds(30), options.MaxAgeAtHold);
        Assert.Equal(500, options.MaxCachedCalendars);
        Assert.Equal(Duration.FromDays(30), options.ReadAhead);
        Assert.Equal(Duration.FromDays(1), options.ReadBehind);
        Assert.Equal(Duration.FromSeconds(20), options.RequestTimeout);
        Assert.Equal(CalDavFailureMode.WindowsOnly, options.OnFailure);
        Assert.Equal("@bookings.acme.example", options.OwnUidSuffix);
    }

    [Fact]
    public async Task Api_options_bind_the_candidate_claim_which_then_names_the_caller()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddInterviewBooking(Root).AddInMemoryStores().AddSimulatedPayments().AddInterviewBookingApi(Root.GetSection("Api"));
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            // The test's caller: each header becomes a claim of that type.
            var claims = context.Request.Headers.Where(h => h.Key.StartsWith("X-Claim-", StringComparison.Ordinal))
                .Select(h => new Claim(h.Key["X-Claim-".Length..], h.Value.ToString()));
            context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
            return next(context);
        });
        app.MapInterviewBookingApi();
        await app.StartAsync();

        var options = Value<InterviewBookingApiOptions>(app.Services);
        Assert.Equal("candidate_id", options.CandidateIdClaimType);
        Assert.Null(options.CandidateIdResolver);

        using var http = app.GetTestClient();
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(http, ("candidate_id", "candidate-7"), ("sub", "not-this")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, ("sub", "candidate-7")));
        await app.StopAsync();
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, params (string Type, string Value)[] claims)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bookings/ps_unknown");
        foreach (var (type, value) in claims)
        {
            request.Headers.Add("X-Claim-" + type, value);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public void Health_check_thresholds_bind()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddInterviewBookingHealthChecks(Root.GetSection("HealthChecks"));
        using var provider = services.BuildServiceProvider();

        var options = Value<InterviewBookingHealthCheckOptions>(provider);

        Assert.Equal(5, options.MaxDeadLetters);
        Assert.Equal(250, options.MaxDueItems);
        Assert.Equal(Duration.FromMinutes(15), options.MaxDueAge);
    }

    [Fact]
    public void A_bad_duration_fails_naming_the_value_and_an_invalid_one_fails_validation()
    {
        var bad = new ConfigurationBuilder().AddInMemoryCollection([new("PollInterval", "two seconds")]).Build();
        using (var provider = Build(b => b.AddOutboxWorker(bad)))
        {
            var error = Assert.ThrowsAny<InvalidOperationException>(() => Value<OutboxWorkerOptions>(provider));
            Assert.Contains("two seconds", error.ToString(), StringComparison.Ordinal);
        }

        var invalid = new ConfigurationBuilder().AddInMemoryCollection([new("MaxDueAge", "00:00:00")]).Build();
        var services = new ServiceCollection();
        services.AddHealthChecks().AddInterviewBookingHealthChecks(invalid);
        using var health = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => Value<InterviewBookingHealthCheckOptions>(health));
        Assert.Contains(failure.Failures, f => f.StartsWith("MaxDueAge must be between", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Action<IInterviewBookingBuilder> configure)
    {
        var services = new ServiceCollection();
        configure(services.AddInterviewBooking(Root).AddInMemoryStores());
        return services.BuildServiceProvider();
    }

    private static T Value<T>(IServiceProvider provider)
        where T : class => provider.GetRequiredService<IOptions<T>>().Value;

    private sealed class NoCalendars : ICalDavConnectionResolver
    {
        public ValueTask<CalDavConnection?> ResolveAsync(InterviewerId interviewer, CancellationToken cancellationToken = default) => ValueTask.FromResult<CalDavConnection?>(null);
    }
}
