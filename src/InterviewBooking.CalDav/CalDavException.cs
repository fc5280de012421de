namespace InterviewBooking.CalDav;

/// <summary>A calendar could not be read or written; <see cref="Reason"/> says why. The message names the calendar URL, never a password.</summary>
public sealed class CalDavException : InterviewBookingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the request failed.</param>
    /// <param name="calendarUrl">The calendar asked.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CalDavException(CalDavFailure reason, Uri calendarUrl, string message, Exception? innerException = null)
        : base(message, innerException!)
    {
        Reason = reason;
        CalendarUrl = calendarUrl;
    }

    /// <summary>Why the request failed.</summary>
    public CalDavFailure Reason { get; }

    /// <summary>The calendar asked.</summary>
    public Uri CalendarUrl { get; }
}

/// <summary>Why a CalDAV request failed (<see cref="CalDavException.Reason"/>).</summary>
public enum CalDavFailure
{
    /// <summary>The server could not be reached, timed out, or answered with a server error after the retries.</summary>
    Unreachable = 0,

    /// <summary>The server refused the credentials (401) or the access (403).</summary>
    Unauthorized = 1,

    /// <summary>The calendar does not exist (404).</summary>
    NotFound = 2,

    /// <summary>The server answered something this reader cannot use (an unexpected status, or XML or iCalendar it cannot parse).</summary>
    Protocol = 3,
}
