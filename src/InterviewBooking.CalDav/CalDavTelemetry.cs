using System.Diagnostics.Metrics;

namespace InterviewBooking.CalDav;

/// <summary>The CalDAV package's metrics, published under the library's meter name (<see cref="InterviewBookingTelemetry.Name"/>).</summary>
public static class CalDavTelemetry
{
    /// <summary>Counter: calendar reads that failed (tags <c>reason</c> and <c>treatment</c>: refuse_slots or windows_only).</summary>
    public const string ReadFailures = "interviewbooking.caldav.read_failures";

    /// <summary>Counter: calendar reads made (cache misses, expired entries and holds' re-reads).</summary>
    public const string Reads = "interviewbooking.caldav.reads";

    internal static readonly Meter Meter = new(InterviewBookingTelemetry.Name, typeof(CalDavTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Counter<long> ReadFailuresCounter = Meter.CreateCounter<long>(ReadFailures, "{read}", "Calendar reads that failed.");
    internal static readonly Counter<long> ReadsCounter = Meter.CreateCounter<long>(Reads, "{read}", "Calendar reads made.");
}
