using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// With Stripe keys: the booking page sends the candidate to Stripe Checkout, and the success page asks Stripe about the checkout
/// instead of trusting its URL. Over HTTP against the Stripe API fake: a browser could not follow the redirect to Stripe's host here.
/// </summary>
public sealed partial class StripeCheckoutPageTests
{
    [Fact]
    public async Task The_booking_page_redirects_to_Stripe_Checkout_and_the_success_page_books_only_once_Stripe_says_paid()
    {
        using var stripe = new FakeStripeApi();
        await using var site = await SiteHost.StartAsync(
            ["--Stripe:SecretKey=" + FakeStripeApi.ApiKey, "--Stripe:WebhookSecret=" + StripeEvents.Secret],
            builder => builder.Services.AddSingleton<IStripeClient>(stripe.CreateClient()));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var offer = "/book/confirm?plan=mock-30&area=Backend&skills=Java&years=6&tz=Europe%2FLondon&start=" +
            Uri.EscapeDataString(NodaTime.Text.InstantPattern.General.Format(SiteHost.Start + Duration.FromDays(2) + Duration.FromHours(8)));
        var page = await http.GetStringAsync(offer);
        var holdForm = page[page.IndexOf("id=\"hold\"", StringComparison.Ordinal)..];
        var form = HiddenInputs().Matches(holdForm[..holdForm.IndexOf("</form>", StringComparison.Ordinal)]).Select(m => m.Value)
            .ToDictionary(i => WebUtility.HtmlDecode(Attribute(i, "name")), i => WebUtility.HtmlDecode(Attribute(i, "value")));
        form["Name"] = "Sam Stripe";
        form["Email"] = "sam@example.org";
        using var held = await http.PostAsync(offer, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        var checkout = Assert.Single(stripe.Checkouts);
        Assert.Equal(checkout.Url, held.Headers.Location!.AbsoluteUri); // Stripe Checkout, not the simulated page
        var session = Assert.Single(await site.Get<IPaymentSessionStore>().ListByStatusAsync(PaymentSessionStatus.Pending, Instant.MaxValue, 10));
        Assert.Equal(checkout.ClientReferenceId, session.Id.Value);
        using var simulated = await http.GetAsync("/pay/" + session.Id.Value);
        Assert.Equal(HttpStatusCode.NotFound, simulated.StatusCode);

        // Back on the success URL before paying: Stripe says open, so the page says so and nothing is booked.
        var early = WebUtility.HtmlDecode(await http.GetStringAsync("/checkout/success?session_id=" + checkout.Id));
        Assert.Contains("Waiting for your payment", early, StringComparison.Ordinal);
        Assert.Empty(site.Interviews);

        stripe.Complete(checkout.Id);
        var paid = WebUtility.HtmlDecode(await http.GetStringAsync("/checkout/success?session_id=" + checkout.Id));
        Assert.Contains("You are booked", paid, StringComparison.Ordinal);
        Assert.Single(site.Interviews);
        Assert.NotEmpty(stripe.RequestsTo("GET", "/v1/checkout/sessions/" + checkout.Id));
    }

    private static string Attribute(string input, string name) => Regex.Match(input, $"\\b{name}=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInputs();
}
