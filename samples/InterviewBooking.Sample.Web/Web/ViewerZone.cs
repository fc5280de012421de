using System.Globalization;
using NodaTime.Text;

namespace InterviewBooking.Sample.Web;

/// <summary>
/// The time zone the viewer reads times in: the <c>tz</c> query parameter, else the one remembered in a cookie (set from that parameter,
/// or by the layout's script from the browser's own zone), else UTC. Every time a page shows goes through here, with the zone named.
/// </summary>
internal sealed class ViewerZone
{
    public const string QueryKey = "tz";
    public const string CookieName = "viewer-zone";

    /// <summary>Zones offered in the picker; the viewer's own is added when it is not among them.</summary>
    public static readonly string[] Common =
    [
        "UTC", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Sao_Paulo", "Europe/London",
        "Europe/Paris", "Europe/Berlin", "Europe/Kyiv", "Africa/Lagos", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata",
        "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    private static readonly LocalDatePattern DayPattern = LocalDatePattern.Create("dddd d MMMM uuuu", CultureInfo.GetCultureInfo("en-GB"));
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    private ViewerZone(DateTimeZone zone, string? rejected)
    {
        Zone = zone;
        Rejected = rejected;
    }

    public DateTimeZone Zone { get; }

    /// <summary>The zone id asked for that is not one (shown to the viewer as a sentence), or <see langword="null"/>.</summary>
    public string? Rejected { get; }

    public string Name => Zone.Id;

    /// <summary>The viewer's zone for this request (computed once per request).</summary>
    public static ViewerZone Of(HttpContext context)
    {
        if (context.Items[typeof(ViewerZone)] is ViewerZone known)
        {
            return known;
        }

        var asked = context.Request.Query[QueryKey].ToString();
        var fromQuery = Find(asked);
        var zone = fromQuery is not null
            ? new ViewerZone(fromQuery, null)
            : new ViewerZone(Find(context.Request.Cookies[CookieName]) ?? DateTimeZone.Utc, string.IsNullOrEmpty(asked) ? null : asked);
        context.Items[typeof(ViewerZone)] = zone;
        return zone;
    }

    /// <summary>Remembers a valid <c>tz</c> parameter in a cookie, so the next pages use it without the parameter.</summary>
    public static Task RememberAsync(HttpContext context, Func<Task> next)
    {
        var asked = context.Request.Query[QueryKey].ToString();
        if (Find(asked) is { } zone && zone.Id != context.Request.Cookies[CookieName])
        {
            context.Response.Cookies.Append(CookieName, zone.Id, new CookieOptions { SameSite = SameSiteMode.Lax, IsEssential = true });
        }

        return next();
    }

    /// <summary>The zones for the picker, the viewer's own among them.</summary>
    public IEnumerable<string> Choices() => Common.Contains(Name) ? Common : Common.Append(Name);

    public LocalDate DayOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary><c>Monday 7 December 2026</c>.</summary>
    public static string Day(LocalDate date) => DayPattern.Format(date);

    /// <summary><c>10:00</c> on the viewer's clock.</summary>
    public string Time(Instant instant) => TimePattern.Format(instant.InZone(Zone).TimeOfDay);

    /// <summary><c>10:00–10:30</c> on the viewer's clock.</summary>
    public string Times(Interval slot) => $"{Time(slot.Start)}–{Time(slot.End)}";

    /// <summary><c>Monday 7 December 2026, 10:00 (Europe/London)</c>.</summary>
    public string Moment(Instant instant) => $"{Day(DayOf(instant))}, {Time(instant)} ({Name})";

    /// <summary><c>Monday 7 December 2026, 10:00–10:30 (Europe/London)</c>.</summary>
    public string Slot(Interval slot) => $"{Day(DayOf(slot.Start))}, {Times(slot)} ({Name})";

    /// <summary>The instant as the <c>datetime</c> of a <c>time</c> element.</summary>
    public static string Machine(Instant instant) => InstantPattern.General.Format(instant);

    private static DateTimeZone? Find(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > 64 ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim());
}
