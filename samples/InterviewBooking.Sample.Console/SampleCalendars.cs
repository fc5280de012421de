using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using InterviewBooking.CalDav;

namespace InterviewBooking.Sample;

/// <summary>
/// The sample's interviewer calendars on a CalDAV server named by the environment: <c>INTERVIEWBOOKING_SAMPLE_CALDAV</c> (the
/// server's URL; calendars are made under <c>{url}{user}/</c>), <c>INTERVIEWBOOKING_SAMPLE_CALDAV_USER</c> and
/// <c>INTERVIEWBOOKING_SAMPLE_CALDAV_PASSWORD</c>. The host's resolver in a real app reads its own table of connections; this one
/// knows the calendars the story made.
/// </summary>
internal sealed class SampleCalendars : ICalDavConnectionResolver
{
    public const string Variable = "INTERVIEWBOOKING_SAMPLE_CALDAV";

    private static Server? _server;
    private readonly ConcurrentDictionary<InterviewerId, CalDavConnection> _connections = new();

    /// <summary>The configured server, or <see langword="null"/> when the environment names none (the story then has no calendars).</summary>
    public static Server? Configured
    {
        get
        {
            var url = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(url))
            {
                return null;
            }

            if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri)
                || Environment.GetEnvironmentVariable(Variable + "_USER") is not { Length: > 0 } user
                || Environment.GetEnvironmentVariable(Variable + "_PASSWORD") is not { Length: > 0 } password)
            {
                throw new InvalidOperationException($"{Variable} must be a CalDAV server's URL, with {Variable}_USER and {Variable}_PASSWORD set.");
            }

            return _server ??= new Server(uri, user, password);
        }
    }

    public ValueTask<CalDavConnection?> ResolveAsync(InterviewerId interviewer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_connections.GetValueOrDefault(interviewer));

    /// <summary>
    /// Makes a new calendar on the server for <paramref name="interviewer"/>, puts one event covering <paramref name="busy"/> into it
    /// (as their own mail client would), and connects it; returns the calendar's URL and the event's UID.
    /// </summary>
    public async Task<(Uri Calendar, string Uid)> ConnectWithEventAsync(Server server, InterviewerId interviewer, Interval busy, string summary)
    {
        var calendarUrl = new Uri(server.Url, $"{Uri.EscapeDataString(server.UserName)}/sample-{Guid.NewGuid():N}/");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.UserName}:{server.Password}")));
        using (var make = new HttpRequestMessage(new HttpMethod("MKCALENDAR"), calendarUrl))
        {
            (await client.SendAsync(make)).EnsureSuccessStatusCode();
        }

        var uid = $"{Guid.NewGuid():N}@mail.sample.example";
        var calendar = new Ical.Net.Calendar();
        calendar.Events.Add(new CalendarEvent
        {
            Uid = uid,
            Summary = summary,
            Start = new CalDateTime(busy.Start.ToDateTimeUtc()),
            End = new CalDateTime(busy.End.ToDateTimeUtc()),
        });
        var ics = new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
        using (var put = new HttpRequestMessage(HttpMethod.Put, new Uri(calendarUrl, "appointment.ics")) { Content = new StringContent(ics, Encoding.UTF8, "text/calendar") })
        {
            (await client.SendAsync(put)).EnsureSuccessStatusCode();
        }

        _connections[interviewer] = new CalDavConnection(calendarUrl, server.UserName, server.Password);
        return (calendarUrl, uid);
    }

    /// <summary>A CalDAV server and the account the sample uses on it (the password is never printed).</summary>
    internal sealed record Server(Uri Url, string UserName, string Password)
    {
        public override string ToString() => $"{Url} as {UserName}";
    }
}
