using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using IcalCalendar = Ical.Net.Calendar;

namespace InterviewBooking.CalDav;

/// <summary>
/// Turns calendar resources into busy spans, expanding recurrences here (Radicale 3.1.8 and other servers expand weakly or not at
/// all): overridden instances (<c>RECURRENCE-ID</c>) and <c>EXDATE</c> applied, all-day and floating times read in a given zone,
/// zoned times in their own <c>TZID</c>. Transparent and cancelled events and the events this library wrote are not busy.
/// </summary>
internal static class BusyTimeReader
{
    /// <summary>The busy spans of <paramref name="resources"/> that meet <paramref name="window"/>.</summary>
    /// <exception cref="FormatException">A resource is not iCalendar.</exception>
    public static List<Interval> Read(IEnumerable<string> resources, Interval window, DateTimeZone floating, string ownUidSuffix)
    {
        var busy = new List<Interval>();
        foreach (var resource in resources)
        {
            IcalCalendar? calendar;
            try
            {
                calendar = IcalCalendar.Load(resource);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new FormatException("A calendar resource is not valid iCalendar.", e);
            }

            if (calendar is null)
            {
                continue;
            }

            // Start early enough that an occurrence which began before the window but runs into it is seen.
            var from = new CalDateTime((window.Start - NodaTime.Duration.FromDays(2)).ToDateTimeUtc());
            foreach (var occurrence in calendar.GetOccurrences<CalendarEvent>(from))
            {
                if (occurrence.Source is not CalendarEvent e || !IsBusy(e, ownUidSuffix))
                {
                    continue;
                }

                var start = ToInstant(occurrence.Period.StartTime, floating);
                if (start >= window.End)
                {
                    break; // occurrences come in start order
                }

                var end = occurrence.Period.EffectiveEndTime is { } effective ? ToInstant(effective, floating) : start;
                if (!occurrence.Period.StartTime.HasTime && end <= start)
                {
                    end = ToInstant(occurrence.Period.StartTime.AddDays(1), floating);
                }

                if (end > window.Start && end > start)
                {
                    busy.Add(new Interval(start, end));
                }
            }
        }

        return busy;
    }

    private static bool IsBusy(CalendarEvent e, string ownUidSuffix) =>
        !string.Equals(e.Transparency, "TRANSPARENT", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(e.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase)
        && !(e.Uid?.EndsWith(ownUidSuffix, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>A date-time as an instant: UTC and zoned ones as they say, floating ones and dates in <paramref name="floating"/>.</summary>
    private static Instant ToInstant(CalDateTime value, DateTimeZone floating)
    {
        if (value.IsFloating || !value.HasTime)
        {
            var local = LocalDateTime.FromDateTime(value.Value);
            return floating.AtLeniently(local).ToInstant();
        }

        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc));
    }
}
