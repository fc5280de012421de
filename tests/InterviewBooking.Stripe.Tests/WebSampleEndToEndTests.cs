using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InterviewBooking.AspNetCore.Contracts;
using InterviewBooking.Sample.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Serialization.SystemTextJson;
using Stripe;

namespace InterviewBooking.Stripe.Tests;

/// <summary>The web sample on a real Kestrel bound to 127.0.0.1 (a free port), driven over HTTP like a browser and like Stripe.</summary>
public sealed class WebSampleEndToEndTests
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    [Fact]
    public async Task A_booking_paid_through_Stripe_is_booked_once_with_the_pre_matched_interviewer_whatever_the_redeliveries()
    {
        using var stripe = new FakeStripeApi();
        await using var app = await StartOnStripeAsync(stripe);
        using var http = Client(app);
        Assert.Equal("127.0.0.1", http.BaseAddress!.Host);

        var started = await StartAsync(http);
        Assert.Single(stripe.RequestsTo("POST", "/v1/checkout/sessions"));
        var checkout = stripe.Complete(started.CheckoutUrl!.ToString().Split('/')[^1]);
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, checkout.ToJson(), created: NodaTime.SystemClock.Instance.GetCurrentInstant());
        var first = await DeliverAsync(http, body);
        var second = await DeliverAsync(http, body);
        var booking = await http.GetFromJsonAsync<BookingView>($"/bookings/{started.Id}", Json);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Processed", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Duplicate", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Booked", booking!.Status);
        Assert.Equal(started.Interviewer, booking.Interviewer);
        Assert.NotNull(booking.InterviewId);
        var scheduled = Assert.Single(app.Services.GetRequiredService<InMemory.RecordingInterviewScheduler>().Interviews);
        Assert.Equal(started.Interviewer!.Id, scheduled.InterviewerId.Value);

        await app.StopAsync();
    }

    [Fact]
    public async Task The_webhook_endpoint_answers_400_to_an_unsigned_delivery()
    {
        using var stripe = new FakeStripeApi();
        await using var app = await StartOnStripeAsync(stripe);
        using var http = Client(app);

        using var response = await http.PostAsync("/webhooks/stripe", new StringContent("{\"id\":\"evt_1\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MissingSignature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Offline_the_sample_runs_on_the_simulated_gateway()
    {
        await using var app = SampleWebApp.Create(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Error", "--Stripe:SecretKey="]);
        await app.StartAsync();
        using var http = Client(app);

        var started = await StartAsync(http);
        using var paid = await http.PostAsync($"/simulated/bookings/{started.Id}/pay", null);
        var booking = await http.GetFromJsonAsync<BookingView>($"/bookings/{started.Id}", Json);

        Assert.StartsWith("https://checkout.invalid/", started.CheckoutUrl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("Booked", booking!.Status);
        Assert.Equal(started.Interviewer, booking.Interviewer);
        await app.StopAsync();
    }

    /// <summary>The sample in Stripe mode on 127.0.0.1 and a free port, its Stripe client pointed at the fake.</summary>
    private static async Task<WebApplication> StartOnStripeAsync(FakeStripeApi stripe)
    {
        var app = SampleWebApp.Create(
            ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Stripe:SecretKey=" + FakeStripeApi.ApiKey, "--Stripe:WebhookSecret=" + StripeEvents.Secret],
            builder => builder.Services.AddSingleton<IStripeClient>(stripe.CreateClient()));
        await app.StartAsync();
        return app;
    }

    private static async Task<BookingView> StartAsync(HttpClient http)
    {
        var monday = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        var request = new StartBookingBody
        {
            CandidateName = "Casey Jordan",
            CandidateEmail = "casey.jordan@example.org",
            ExperienceYears = 6,
            SkillCategories = ["Backend", "System Design"],
            Skills = ["Java", "Kubernetes"],
            SlotStart = monday.At(new LocalTime(14, 0)).InUtc().ToInstant(),
            TimeZone = "Europe/London",
            PlanId = "mock-30",
        };
        using var response = await http.PostAsJsonAsync("/bookings", request, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var started = (await response.Content.ReadFromJsonAsync<BookingView>(Json))!;
        Assert.Equal("Pending", started.Status);
        Assert.NotNull(started.Interviewer);
        Assert.NotNull(started.CheckoutUrl);
        return started;
    }

    /// <summary>A client on the app's 127.0.0.1 address, signed in (the sample's demo header) as one candidate.</summary>
    private static HttpClient Client(WebApplication app)
    {
        var http = new HttpClient { BaseAddress = new Uri(Assert.Single(app.Urls)) };
        http.DefaultRequestHeaders.Add(SampleWebApp.DemoCandidateHeader, "candidate-casey");
        return http;
    }

    private static async Task<HttpResponseMessage> DeliverAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(body, NodaTime.SystemClock.Instance.GetCurrentInstant()));
        return await http.SendAsync(request);
    }
}
