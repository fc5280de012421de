using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace InterviewBooking.CalDav;

/// <summary>
/// The CalDAV requests this package makes, over the named <see cref="HttpClient"/> (<see cref="HttpClientName"/>) from
/// <see cref="IHttpClientFactory"/>, whose resilience pipeline retries transient failures within a per-attempt timeout.
/// Credentials go in each request's Authorization header and nowhere else.
/// </summary>
internal sealed class CalDavClient(IHttpClientFactory factory)
{
    public const string HttpClientName = "InterviewBooking.CalDav";

    private static readonly HttpMethod Report = new("REPORT");

    /// <summary>The calendar data of every event resource that meets <paramref name="window"/>.</summary>
    /// <exception cref="CalDavException">The calendar could not be read; see its reason.</exception>
    public async Task<List<string>> QueryAsync(CalDavConnection connection, Interval window, CancellationToken cancellationToken)
    {
        var query = CalendarQuery.Build(window);
        using var request = new HttpRequestMessage(Report, connection.CalendarUrl)
        {
            Content = new StringContent(query.Declaration + query.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml"),
        };
        request.Headers.Add("Depth", "1");
        var body = await SendAsync(connection, request, HttpStatusCode.MultiStatus, cancellationToken).ConfigureAwait(false);
        try
        {
            return CalendarQuery.ReadCalendarData(body);
        }
        catch (XmlException e)
        {
            throw new CalDavException(CalDavFailure.Protocol, connection.CalendarUrl, $"The answer from {connection.CalendarUrl} to calendar-query is not XML.", e);
        }
    }

    /// <summary>Creates or replaces the event resource <paramref name="name"/> (<c>{name}.ics</c> in the calendar) with <paramref name="ics"/>.</summary>
    /// <exception cref="CalDavException">The server refused it; see its reason.</exception>
    public async Task PutEventAsync(CalDavConnection connection, string name, string ics, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ResourceUrl(connection, name))
        {
            Content = new StringContent(ics, Encoding.UTF8, "text/calendar"),
        };
        await SendAsync(connection, request, static status => status is HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the event resource <paramref name="name"/>; one already gone (404) counts as deleted.</summary>
    /// <exception cref="CalDavException">The server refused it; see its reason.</exception>
    public async Task DeleteEventAsync(CalDavConnection connection, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ResourceUrl(connection, name));
        await SendAsync(connection, request, static status => status is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.NotFound, cancellationToken).ConfigureAwait(false);
    }

    private static Uri ResourceUrl(CalDavConnection connection, string name)
    {
        var calendar = connection.CalendarUrl.AbsoluteUri.EndsWith('/') ? connection.CalendarUrl : new Uri(connection.CalendarUrl.AbsoluteUri + "/");
        return new Uri(calendar, Uri.EscapeDataString(name) + ".ics");
    }

    private Task<string> SendAsync(CalDavConnection connection, HttpRequestMessage request, HttpStatusCode expected, CancellationToken cancellationToken) =>
        SendAsync(connection, request, status => status == expected, cancellationToken);

    private async Task<string> SendAsync(CalDavConnection connection, HttpRequestMessage request, Func<HttpStatusCode, bool> expected, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.UserName}:{connection.Password}")));
        var client = factory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CalDavException(CalDavFailure.Unreachable, connection.CalendarUrl, $"The CalDAV server at {connection.CalendarUrl} could not be reached ({e.GetType().Name}).", e);
        }

        using (response)
        {
            var status = response.StatusCode;
            if (expected(status))
            {
                return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            var reason = status switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CalDavFailure.Unauthorized,
                HttpStatusCode.NotFound => CalDavFailure.NotFound,
                >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => CalDavFailure.Unreachable,
                _ => CalDavFailure.Protocol,
            };
            throw new CalDavException(reason, connection.CalendarUrl, $"The CalDAV server answered {(int)status} ({status}) for {request.Method} {request.RequestUri}.");
        }
    }
}
