using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace InterviewBooking.CalDav.Tests;

/// <summary>
/// The real CalDAV server these tests use: Debian's radicale started by <c>eng/start-caldav.sh</c> on 127.0.0.1, found through
/// <c>INTERVIEWBOOKING_TEST_CALDAV</c> (its URL) and the user and password variables the script prints. Each test makes a calendar
/// of its own (MKCALENDAR) and puts its events into it.
/// </summary>
internal sealed record TestCalDavServer(Uri Url, string UserName, string Password)
{
    public const string Variable = "INTERVIEWBOOKING_TEST_CALDAV";

    /// <summary>
    /// The server, or the test is skipped (saying how to start one) when the variable is not set; under CI (<c>CI=true</c>) a missing
    /// server fails the test instead, since <c>.ci/run</c> starts it.
    /// </summary>
    public static TestCalDavServer Require()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run must start the test CalDAV server (eng/start-caldav.sh) before the tests.");
            }

            Skip.If(true, $"No test CalDAV server: run `eval \"$(bash eng/start-caldav.sh)\"` (installs and starts radicale on 127.0.0.1 and sets {Variable}), then dotnet test.");
        }

        var user = Environment.GetEnvironmentVariable(Variable + "_USER");
        var password = Environment.GetEnvironmentVariable(Variable + "_PASSWORD");
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException($"{Variable} must be the server's URL, with {Variable}_USER and {Variable}_PASSWORD set; got \"{value}\".");
        }

        return new TestCalDavServer(url, user, password);
    }

    /// <summary>Makes a new empty calendar for one test and returns its connection.</summary>
    public async Task<CalDavConnection> NewCalendarAsync(DateTimeZone? floating = null)
    {
        var calendar = new Uri(Url, $"{UserName}/test-{Guid.NewGuid():N}/");
        using var request = new HttpRequestMessage(new HttpMethod("MKCALENDAR"), calendar);
        var response = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new CalDavConnection(calendar, UserName, Password) { FloatingTimeZone = floating };
    }

    /// <summary>Puts one event resource (a whole VCALENDAR) into the calendar.</summary>
    public async Task PutAsync(CalDavConnection calendar, string name, string ics)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(calendar.CalendarUrl, name + ".ics"))
        {
            Content = new StringContent(ics.ReplaceLineEndings("\r\n"), Encoding.UTF8, "text/calendar"),
        };
        var response = await SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent, $"PUT {name}: {(int)response.StatusCode}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));
        return await client.SendAsync(request);
    }
}
