using System.Globalization;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace InterviewBooking;

/// <summary>
/// Renders a slot for a person, in their zone, as <c>Monday, 06/10/2025 09:00-09:30</c> (weekday, day/month/year, start-end),
/// and reads that text back, checking that the weekday belongs to the date.
/// </summary>
/// <remarks>
/// The date is day/month/year: the seed's <c>"Monday, 06/10/2025"</c> is Monday 6 October 2025 (<c>selected_date</c> 2025-10-06).
/// An end time at or before the start time means the next day (<c>23:30-00:30</c>).
/// Local times that do not exist (a DST gap) move forward by the gap; local times that occur twice (a DST overlap) take the earlier one.
/// </remarks>
public static class SlotText
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu");
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>Renders <paramref name="slot"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="ArgumentException">The slot has no start or no end.</exception>
    public static string Format(Interval slot, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!slot.HasStart || !slot.HasEnd)
        {
            throw new ArgumentException("A slot needs both a start and an end.", nameof(slot));
        }

        var start = slot.Start.InZone(zone).LocalDateTime;
        var end = slot.End.InZone(zone).LocalDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"{start.DayOfWeek}, {DatePattern.Format(start.Date)} {TimePattern.Format(start.TimeOfDay)}-{TimePattern.Format(end.TimeOfDay)}");
    }

    /// <summary>The slot's local date in <paramref name="zone"/> (the seed's <c>selected_date</c>).</summary>
    public static LocalDate LocalDateOf(Interval slot, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return slot.Start.InZone(zone).Date;
    }

    /// <summary>Reads slot text written in <paramref name="zone"/>; the failure says what is wrong.</summary>
    public static ParseResult<Interval> Parse(string? text, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail(text, "it is empty; expected text like \"Monday, 06/10/2025 09:00-09:30\"");
        }

        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var parts = comma < 0 ? [] : text[(comma + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (comma < 0 || parts.Length != 2)
        {
            return Fail(text, "expected \"<weekday>, dd/MM/yyyy HH:mm-HH:mm\"");
        }

        if (!Enum.TryParse<IsoDayOfWeek>(text[..comma].Trim(), ignoreCase: true, out var weekday)
            || weekday == IsoDayOfWeek.None || !Enum.IsDefined(weekday) || int.TryParse(text[..comma], out _))
        {
            return Fail(text, $"\"{text[..comma].Trim()}\" is not a weekday name");
        }

        var date = DatePattern.Parse(parts[0]);
        if (!date.Success)
        {
            return Fail(text, $"\"{parts[0]}\" is not a date in dd/MM/yyyy form");
        }

        var times = parts[1].Split('-');
        var start = times.Length == 2 ? TimePattern.Parse(times[0]) : null;
        var end = times.Length == 2 ? TimePattern.Parse(times[1]) : null;
        if (start is not { Success: true } || end is not { Success: true })
        {
            return Fail(text, $"\"{parts[1]}\" is not a time range in HH:mm-HH:mm form");
        }

        if (date.Value.DayOfWeek != weekday)
        {
            return Fail(text, $"{DatePattern.Format(date.Value)} is a {date.Value.DayOfWeek}, not a {weekday}");
        }

        var endDate = end.Value > start.Value ? date.Value : date.Value.PlusDays(1);
        var startInstant = zone.ResolveLocal(date.Value + start.Value, Resolvers.LenientResolver).ToInstant();
        var endInstant = zone.ResolveLocal(endDate + end.Value, Resolvers.LenientResolver).ToInstant();
        if (endInstant <= startInstant)
        {
            return Fail(text, "the slot has no length in that zone");
        }

        return ParseResult<Interval>.ForValue(new Interval(startInstant, endInstant));
    }

    private static ParseResult<Interval> Fail(string? text, string problem) =>
        ParseResult<Interval>.ForException(() => new SlotTextFormatException(text, problem));
}
