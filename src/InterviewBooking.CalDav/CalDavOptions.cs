namespace InterviewBooking.CalDav;

/// <summary>Settings of the CalDAV busy-time reader, validated when the host starts: a bad value fails start-up with a message naming it.</summary>
public sealed class CalDavOptions
{
    /// <summary>How long a read calendar is served from the cache before it is refreshed in the background (10 seconds to 1 day). Default 5 minutes.</summary>
    public Duration CacheTimeToLive { get; set; } = Duration.FromMinutes(5);

    /// <summary>
    /// How old a cached read may be at the check right before a hold; an older one is re-read first (0 to <see cref="CacheTimeToLive"/>).
    /// Default 1 minute.
    /// </summary>
    public Duration MaxAgeAtHold { get; set; } = Duration.FromMinutes(1);

    /// <summary>How many interviewers' calendars the cache keeps (1 to 1,000,000); the least recently used go first. Default 10,000.</summary>
    public int MaxCachedCalendars { get; set; } = 10_000;

    /// <summary>How far back from now one read reaches (0 to 7 days). Default 1 day.</summary>
    public Duration ReadBehind { get; set; } = Duration.FromDays(1);

    /// <summary>How far ahead from now one read reaches (1 to 400 days); busy time beyond it is read on demand. Default 60 days.</summary>
    public Duration ReadAhead { get; set; } = Duration.FromDays(60);

    /// <summary>How long one HTTP request may take, each attempt (1 second to 2 minutes). Default 10 seconds.</summary>
    public Duration RequestTimeout { get; set; } = Duration.FromSeconds(10);

    /// <summary>What a calendar that cannot be read means. Default <see cref="CalDavFailureMode.RefuseSlots"/>.</summary>
    public CalDavFailureMode OnFailure { get; set; } = CalDavFailureMode.RefuseSlots;

    /// <summary>
    /// The <c>UID</c> suffix of the events this library writes (<c>@</c> and a domain, e.g. <c>@bookings.example.com</c>); such events are
    /// left out of busy time, since their reservation already counts. Default <c>@interviewbooking</c>.
    /// </summary>
    public string OwnUidSuffix { get; set; } = "@interviewbooking";
}
