namespace InterviewBooking.CalDav;

/// <summary>
/// Where one interviewer's calendar lives and how to log in: held by the host (<see cref="ICalDavConnectionResolver"/>), never logged.
/// </summary>
/// <param name="CalendarUrl">The calendar collection's absolute URL (e.g. <c>https://dav.example.com/alice/interviews/</c>).</param>
/// <param name="UserName">The user name for HTTP Basic authentication.</param>
/// <param name="Password">The password (or app password); never logged, left out of <see cref="ToString"/>.</param>
public sealed record CalDavConnection(Uri CalendarUrl, string UserName, string Password)
{
    /// <summary>
    /// The zone that all-day and floating events are read in; <see langword="null"/> reads them in the interviewer's own zone.
    /// </summary>
    public DateTimeZone? FloatingTimeZone { get; init; }

    /// <summary>The calendar URL and user only: the password never reaches a log through this record.</summary>
    /// <returns>A description without the password.</returns>
    public override string ToString() => $"CalDavConnection {{ CalendarUrl = {CalendarUrl}, UserName = {UserName} }}";
}
