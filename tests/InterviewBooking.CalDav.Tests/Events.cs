namespace InterviewBooking.CalDav.Tests;

/// <summary>iCalendar resources as a mail or calendar client would write them.</summary>
internal static class Events
{
    public static string Calendar(params string[] components) =>
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//EN\n" + string.Concat(components) + "END:VCALENDAR\n";

    public static string Event(string uid, string start, string end, string extra = "") =>
        $"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20260101T000000Z\nDTSTART{start}\nDTEND{end}\nSUMMARY:Busy\n{extra}END:VEVENT\n";
}

/// <summary>The VTIMEZONE blocks a client writes beside zoned events.</summary>
internal static class Zones
{
    public const string NewYork = """
        BEGIN:VTIMEZONE
        TZID:America/New_York
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        TZNAME:EDT
        DTSTART:19700308T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        TZNAME:EST
        DTSTART:19701101T020000
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
        END:STANDARD
        END:VTIMEZONE

        """;

    public const string Berlin = """
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        BEGIN:DAYLIGHT
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        TZNAME:CEST
        DTSTART:19700329T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        TZNAME:CET
        DTSTART:19701025T030000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        END:STANDARD
        END:VTIMEZONE

        """;
}
