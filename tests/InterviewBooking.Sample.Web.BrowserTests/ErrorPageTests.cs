using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>Bad ids and bad input get a sentence a person reads: never a 5xx, never a stack trace or an exception's name.</summary>
public sealed class ErrorPageTests
{
    public static TheoryData<string, HttpStatusCode, string> BadRequests => new()
    {
        { "/manage/no-such-booking", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/manage/" + new string('x', 500), HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/manage/no-such-booking/invite.ics", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/pay/no-such-booking", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/checkout/success?session_id=cs_sim_nothing", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/checkout/success?session_id=" + new string('y', 300), HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/checkout/success", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/interviewers/nobody", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/no/such/page", HttpStatusCode.NotFound, "We could not find that page or booking" },
        { "/?plan=gold&addon=caviar&years=-3&area=Backend", HttpStatusCode.BadRequest, "Please choose one of the plans" },
        { "/?plan=mock-30&area=Backend&years=3&skills=" + string.Join(",", Enumerable.Range(0, 30).Select(i => "s" + i)), HttpStatusCode.BadRequest, "at most 10 skills" },
        { "/book/confirm?plan=mock-30&area=Backend&start=yesterday", HttpStatusCode.BadRequest, "Please pick a time from the list" },
        { "/book/confirm?plan=mock-30&area=Backend&start=2020-01-01T10:00:00Z", HttpStatusCode.BadRequest, "We could not use your request" },
        { "/book/confirm?plan=mock-30&area=Backend&start=2026-12-08T10:07:00Z&tz=Not/AZone", HttpStatusCode.OK, "is not a time zone we know" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_id_or_bad_input_gets_a_human_sentence_and_no_server_error(string path, HttpStatusCode expected, string sentence)
    {
        await using var site = await SiteHost.StartAsync();
        using var http = PageClient(site);

        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(sentence, WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        AssertNoInternals(body);
    }

    [Fact]
    public async Task A_form_sent_without_its_antiforgery_token_gets_a_sentence_not_a_blank_page()
    {
        await using var site = await SiteHost.StartAsync();
        using var http = PageClient(site);

        using var response = await http.PostAsync("/book/confirm?handler=", new FormUrlEncodedContent(new Dictionary<string, string> { ["plan"] = "mock-30" }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("We could not understand that request", body, StringComparison.Ordinal);
        AssertNoInternals(body);
    }

    [Fact]
    public async Task A_fault_on_our_side_is_a_friendly_page_for_a_browser_and_a_problem_for_the_API_both_without_internals()
    {
        await using var site = await SiteHost.StartAsync(configure: builder =>
            builder.Services.AddSingleton<IInterviewerDirectory>(new BrokenDirectory()));
        using var http = PageClient(site);

        using var page = await http.GetAsync("/interviewers");
        using var api = new HttpClient { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add(SampleWebApp.DemoCandidateHeader, "candidate-api");
        using var problem = await api.PostAsync("/slots/search", new StringContent("{\"planId\":\"mock-30\",\"timeZone\":\"UTC\",\"skillCategories\":[\"Backend\"]}", System.Text.Encoding.UTF8, "application/json"));
        var body = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("Something went wrong on our side", body, StringComparison.Ordinal);
        AssertNoInternals(body);
        Assert.DoesNotContain("directory is down", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("directory is down", await problem.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_browser_shows_the_friendly_page_for_a_bad_link()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);

        browser.Open("/manage/ps_does-not-exist");

        Assert.Contains("We could not find that page or booking", browser.Text("#error-message"), StringComparison.Ordinal);
        Assert.Equal("Sorry · InterviewBooking", browser.Driver.Title);
        browser.Find("main a.button").Click();
        browser.WaitFor("#choice");
    }

    private static void AssertNoInternals(string body)
    {
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("stack", body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A directory whose every read fails, as a database outage would.</summary>
    private sealed class BrokenDirectory : IInterviewerDirectory
    {
        public ValueTask<InterviewerProfile?> GetAsync(InterviewerId id, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The directory is down.");

        public ValueTask<IReadOnlyList<InterviewerProfile>> FindAsync(string? skillCategory, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The directory is down.");
    }

    /// <summary>A client that asks for pages as a browser does (HTML), with its own cookies: one candidate.</summary>
    private static HttpClient PageClient(SiteHost site)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return http;
    }
}
