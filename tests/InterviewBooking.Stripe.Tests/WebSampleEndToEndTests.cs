using System.Net;
using System.Net.Http.Json;
using System.Text;
using InterviewBooking.Sample.Web;
using InterviewBooking.Stripe.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace InterviewBooking.Stripe.Tests;

/// <summary>The web sample on a real Kestrel bound to 127.0.0.1 (a free port), driven over HTTP like a browser and like Stripe.</summary>
public sealed class WebSampleEndToEndTests
{
    [Fact]
    public async Task A_booking_paid_through_Stripe_is_booked_once_with_the_pre_matched_interviewer_whatever_the_redeliveries()
    {
        using var stripe = new FakeStripeApi();
        await using var app = await StartOnStripeAsync(stripe);
        using var http = new HttpClient { BaseAddress = new Uri(Assert.Single(app.Urls)) };
        Assert.Equal("127.0.0.1", http.BaseAddress.Host);

        var started = await StartAsync(http);
        Assert.Single(stripe.RequestsTo("POST", "/v1/checkout/sessions"));
        var checkout = stripe.Complete(started.CheckoutUrl!.Split('/')[^1]);
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, checkout.ToJson(), created: NodaTime.SystemClock.Instance.GetCurrentInstant());
        var first = await DeliverAsync(http, body);
        var second = await DeliverAsync(http, body);
        var booking = await http.GetFromJsonAsync<BookingView>($"/bookings/{started.PaymentSessionId}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Processed", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Duplicate", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Booked", booking!.Status);
        Assert.Equal(started.InterviewerId, booking.InterviewerId);
        Assert.NotNull(booking.InterviewId);
        var scheduled = Assert.Single(app.Services.GetRequiredService<InMemory.RecordingInterviewScheduler>().Interviews);
        Assert.Equal(started.InterviewerId, scheduled.InterviewerId.Value);

        await app.StopAsync();
    }

    [Fact]
    public async Task The_webhook_endpoint_answers_400_to_an_unsigned_delivery()
    {
        using var stripe = new FakeStripeApi();
        await using var app = await StartOnStripeAsync(stripe);
        using var http = new HttpClient { BaseAddress = new Uri(Assert.Single(app.Urls)) };

        using var response = await http.PostAsync("/webhooks/stripe", new StringContent("{\"id\":\"evt_1\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MissingSignature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Offline_the_sample_runs_on_the_simulated_gateway()
    {
        await using var app = SampleWebApp.Create(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Stripe:SecretKey="]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Assert.Single(app.Urls)) };

        var started = await StartAsync(http);
        using var paid = await http.PostAsync($"/simulated/bookings/{started.PaymentSessionId}/pay", null);
        var booking = await http.GetFromJsonAsync<BookingView>($"/bookings/{started.PaymentSessionId}");

        Assert.StartsWith("https://checkout.invalid/", started.CheckoutUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("Booked", booking!.Status);
        Assert.Equal(started.InterviewerId, booking.InterviewerId);
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
        var request = new StartBookingRequest(
            "candidate-casey", "Casey Jordan", "casey.jordan@example.org", 6, ["Backend", "System Design"], ["Java", "Kubernetes"],
            monday.At(new LocalTime(14, 0)).InUtc().ToDateTimeOffset(), "Europe/London", "mock-30");
        using var response = await http.PostAsJsonAsync("/bookings", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<BookingView>())!;
        Assert.Equal("Pending", started.Status);
        Assert.NotNull(started.InterviewerId);
        Assert.NotNull(started.CheckoutUrl);
        return started;
    }

    private static async Task<HttpResponseMessage> DeliverAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(body, NodaTime.SystemClock.Instance.GetCurrentInstant()));
        return await http.SendAsync(request);
    }
}
