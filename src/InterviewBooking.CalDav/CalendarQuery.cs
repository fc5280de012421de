using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace InterviewBooking.CalDav;

/// <summary>The WebDAV XML of a <c>calendar-query</c> REPORT (RFC 4791 §7.8), built and read with <see cref="XDocument"/>.</summary>
internal static class CalendarQuery
{
    public static readonly XNamespace Dav = "DAV:";
    public static readonly XNamespace CalDav = "urn:ietf:params:xml:ns:caldav";

    /// <summary>The request body: every VEVENT that meets <paramref name="window"/>, with its calendar data.</summary>
    public static XDocument Build(Interval window) =>
        new(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                CalDav + "calendar-query",
                new XAttribute(XNamespace.Xmlns + "D", Dav),
                new XAttribute(XNamespace.Xmlns + "C", CalDav),
                new XElement(Dav + "prop", new XElement(Dav + "getetag"), new XElement(CalDav + "calendar-data")),
                new XElement(
                    CalDav + "filter",
                    new XElement(
                        CalDav + "comp-filter",
                        new XAttribute("name", "VCALENDAR"),
                        new XElement(
                            CalDav + "comp-filter",
                            new XAttribute("name", "VEVENT"),
                            new XElement(CalDav + "time-range", new XAttribute("start", Format(window.Start)), new XAttribute("end", Format(window.End))))))));

    /// <summary>The calendar data of each resource in a <c>multistatus</c> answer whose properties came back with status 200.</summary>
    /// <exception cref="XmlException">The answer is not XML.</exception>
    public static List<string> ReadCalendarData(string multistatus)
    {
        var document = XDocument.Parse(multistatus);
        var found = new List<string>();
        foreach (var response in document.Root?.Elements(Dav + "response") ?? [])
        {
            foreach (var propstat in response.Elements(Dav + "propstat"))
            {
                var status = (string?)propstat.Element(Dav + "status") ?? string.Empty;
                var data = (string?)propstat.Element(Dav + "prop")?.Element(CalDav + "calendar-data");
                if (status.Contains(" 200 ", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(data))
                {
                    found.Add(data);
                }
            }
        }

        return found;
    }

    /// <summary>An instant in the UTC basic format RFC 4791 asks for (<c>20261201T090000Z</c>).</summary>
    public static string Format(Instant instant) =>
        instant.ToDateTimeUtc().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
