using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using InterviewBooking.AspNetCore.Contracts;
using InterviewBooking.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Testing;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>A host of the booking API on Kestrel at 127.0.0.1 (a free port), in memory, on the simulated gateway and a fake clock.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    public const string CandidateHeader = "X-Test-Candidate";
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    private ApiHost(WebApplication app) => App = app;

    public WebApplication App { get; }

    public FakeClock Clock => (FakeClock)App.Services.GetRequiredService<IClock>();

    public Instant NextMondayAt(int hour) =>
        Clock.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday).At(new LocalTime(hour, 0)).InUtc().ToInstant();

    public static async Task<ApiHost> StartAsync(Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 12, 1, 8, 0)));
        builder.Services.AddInterviewBooking(options =>
            {
                options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
                options.FullRefundNotice = Duration.FromHours(24);
                options.PreviewTokenKey = Convert.ToBase64String(new byte[32]);
            })
            .AddInMemoryStores(directory => directory.AddOrUpdate(new InterviewerProfile
            {
                Id = new InterviewerId("interviewer-ada"),
                Name = "Ada",
                Email = "ada@interviewers.example",
                Company = "Analytical",
                ExperienceYears = 12,
                SkillCategories = ["Backend"],
                Skills = ["Java"],
                TimeZone = DateTimeZone.Utc,
                WeeklyAvailability = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
                    .Select(d => new WeeklyWindow(d, new LocalTime(8, 0), new LocalTime(20, 0))).ToArray(),
            }))
            .AddSimulatedPayments()
            .AddInterviewBookingApi(api => api.CandidateIdResolver = user => user.FindFirst("candidate")?.Value);
        builder.Services.AddHealthChecks().AddInterviewBookingHealthChecks();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            var candidate = context.Request.Headers[CandidateHeader].ToString();
            if (candidate.Length > 0)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("candidate", candidate)], "test"));
            }

            return next(context);
        });
        app.MapInterviewBookingApi();
        app.MapHealthChecks("/health");
        map?.Invoke(app);
        await app.StartAsync();
        return new ApiHost(app);
    }

    public HttpClient Client(string? candidate = "candidate-casey")
    {
        var http = new HttpClient { BaseAddress = new Uri(Assert.Single(App.Urls)) };
        if (candidate is not null)
        {
            http.DefaultRequestHeaders.Add(CandidateHeader, candidate);
        }

        return http;
    }

    public StartBookingBody Body(Instant slotStart) => new()
    {
        CandidateName = "Casey Jordan",
        CandidateEmail = "casey@example.org",
        ExperienceYears = 4,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        SlotStart = slotStart,
        TimeZone = "Europe/London",
        PlanId = "mock-30",
    };

    public async Task<BookingView> StartAsync(HttpClient http, Instant slotStart)
    {
        using var response = await http.PostAsJsonAsync("/bookings", Body(slotStart), Json);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BookingView>(Json))!;
    }

    public async Task PayAsync(string sessionId)
    {
        var services = App.Services;
        var result = await services.GetRequiredService<PaymentEventProcessor>()
            .ProcessAsync(services.GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(new PaymentSessionId(sessionId)));
        Assert.Equal(PaymentSessionStatus.Booked, result.Session!.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
