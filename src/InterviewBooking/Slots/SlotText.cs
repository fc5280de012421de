using System.Globalization;
using NodaTime.Text;

namespace InterviewBooking;

/// <summary>
/// Renders a slot for a person, in their zone, as <c>Monday, 06/10/2025 09:00-09:30</c> (weekday, day/month/year, start-end),
/// and reads that text back, checking that the weekday belongs to the date. The text always means one interval.
/// </summary>
/// <remarks>
/// <para>The date is day/month/year: the seed's <c>"Monday, 06/10/2025"</c> is Monday 6 October 2025 (<c>selected_date</c> 2025-10-06).
/// An end time at or before the start time means the next day (<c>23:30-00:30</c>).</para>
/// <para>When the zone's local reading alone would not say which instants are meant (a start or end in the hour a fall-back repeats, or a
/// slot of nearly a day across a transition), the text ends with the UTC offsets in force: one when start and end share it,
/// <c>Sunday, 01/11/2026 01:00-01:30 (UTC-04:00)</c>, or both, <c>Sunday, 01/11/2026 01:30-01:15 (UTC-04:00, UTC-05:00)</c>.
/// Every other slot keeps the form without offsets.</para>
/// <para><see cref="Parse"/> never guesses: a local time the zone skips (a spring-forward gap) or repeats (without an offset saying which)
/// fails with a <see cref="SlotTextFormatException"/> whose <see cref="SlotTextFormatException.Transition"/> names the zone's transition.
/// Format then parse, in the same zone, gives back every minute-aligned slot shorter than a day.</para>
/// </remarks>
public static class SlotText
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu");
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    private static readonly OffsetPattern OffsetText = OffsetPattern.CreateWithInvariantCulture("'UTC'+HH':'mm");

    /// <summary>Renders <paramref name="slot"/> in <paramref name="zone"/>, with the offsets when the local reading alone is ambiguous.</summary>
    /// <exception cref="ArgumentException">The slot has no start or no end.</exception>
    public static string Format(Interval slot, DateTimeZone zone)
    {
        var plain = FormatWithoutOffsets(slot, zone);
        var start = slot.Start.InZone(zone);
        var end = slot.End.InZone(zone);

        // The plain text reads back as this slot exactly when each local time is one instant and the end is on the date the seed's
        // rule gives it (the start's date when later in the day, else the next).
        var endDateRead = end.TimeOfDay > start.TimeOfDay ? start.Date : start.Date.PlusDays(1);
        if (zone.MapLocal(start.LocalDateTime).Count == 1 && zone.MapLocal(end.LocalDateTime).Count == 1 && end.Date == endDateRead)
        {
            return plain;
        }

        var offsets = start.Offset == end.Offset
            ? OffsetText.Format(start.Offset)
            : OffsetText.Format(start.Offset) + ", " + OffsetText.Format(end.Offset);
        return plain + " (" + offsets + ")";
    }

    /// <summary>
    /// The form without offsets, whatever the slot: what versions before the offsets wrote, so a stored text can be compared with
    /// what they would have written for the same slot.
    /// </summary>
    internal static string FormatWithoutOffsets(Interval slot, DateTimeZone zone)
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

        var body = text.Trim();
        Offset? startOffset = null;
        Offset? endOffset = null;
        var open = body.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var offsets = body[^1] == ')' ? body[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries) : [];
            var parsed = offsets.Select(o => OffsetText.Parse(o)).ToArray();
            if (parsed.Length is not (1 or 2) || parsed.Any(p => !p.Success))
            {
                return Fail(text, $"\"{body[open..]}\" is not an offset suffix like \"(UTC-04:00)\" or \"(UTC-04:00, UTC-05:00)\"");
            }

            startOffset = parsed[0].Value;
            endOffset = parsed[^1].Value;
            body = body[..open];
        }

        var comma = body.IndexOf(',', StringComparison.Ordinal);
        var parts = comma < 0 ? [] : body[(comma + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (comma < 0 || parts.Length != 2)
        {
            return Fail(text, "expected \"<weekday>, dd/MM/yyyy HH:mm-HH:mm\", optionally followed by \" (UTC+hh:mm)\"");
        }

        if (!Enum.TryParse<IsoDayOfWeek>(body[..comma].Trim(), ignoreCase: true, out var weekday)
            || weekday == IsoDayOfWeek.None || !Enum.IsDefined(weekday) || int.TryParse(body[..comma], out _))
        {
            return Fail(text, $"\"{body[..comma].Trim()}\" is not a weekday name");
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

        return startOffset is { } so && endOffset is { } eo
            ? ReadWithOffsets(text, zone, date.Value, start.Value, end.Value, so, eo)
            : ReadWithoutOffsets(text, zone, date.Value, start.Value, end.Value);
    }

    // The seed's rule: the end is on the start's date when its time is later, else on the next day. Each local time must be one instant.
    private static ParseResult<Interval> ReadWithoutOffsets(string text, DateTimeZone zone, LocalDate date, LocalTime start, LocalTime end)
    {
        var endDate = end > start ? date : date.PlusDays(1);
        if (!TryResolve(text, zone, date + start, "start", out var startInstant, out var startFailure))
        {
            return startFailure!;
        }

        if (!TryResolve(text, zone, endDate + end, "end", out var endInstant, out var endFailure))
        {
            return endFailure!;
        }

        return endInstant > startInstant
            ? ParseResult<Interval>.ForValue(new Interval(startInstant, endInstant))
            : Fail(text, "the slot has no length in that zone");
    }

    // With offsets every local time names one instant; the end is the first reading after the start. Readings of one time at one offset are
    // a day apart, so for a slot shorter than a day that is the true end: on the start's date, the next, or (when the day between lost
    // an hour, say 23:30 to 00:29 two dates later) the one after.
    private static ParseResult<Interval> ReadWithOffsets(
        string text, DateTimeZone zone, LocalDate date, LocalTime start, LocalTime end, Offset startOffset, Offset endOffset)
    {
        var startInstant = (date + start).WithOffset(startOffset).ToInstant();
        if (zone.GetUtcOffset(startInstant) != startOffset)
        {
            return WrongOffset(text, zone, date + start, startOffset, "start");
        }

        foreach (var endDate in new[] { date, date.PlusDays(1), date.PlusDays(2) })
        {
            var endInstant = (endDate + end).WithOffset(endOffset).ToInstant();
            if (endInstant > startInstant && zone.GetUtcOffset(endInstant) == endOffset)
            {
                return ParseResult<Interval>.ForValue(new Interval(startInstant, endInstant));
            }
        }

        return WrongOffset(text, zone, date + end, endOffset, "end");
    }

    private static bool TryResolve(
        string text, DateTimeZone zone, LocalDateTime local, string which, out Instant instant, out ParseResult<Interval>? failure)
    {
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 1)
        {
            instant = mapping.Single().ToInstant();
            failure = null;
            return true;
        }

        var transition = new SlotTextTransition(zone.Id, local, mapping.LateInterval.Start, mapping.EarlyInterval.WallOffset, mapping.LateInterval.WallOffset);
        var at = InstantPattern.General.Format(transition.At);
        var problem = mapping.Count == 0
            ? $"the {which} {Describe(local)} does not exist in {zone.Id}: the clocks go forward from {OffsetText.Format(transition.OffsetBefore)} " +
              $"to {OffsetText.Format(transition.OffsetAfter)} at {at}"
            : $"the {which} {Describe(local)} occurs twice in {zone.Id}: the clocks go back from {OffsetText.Format(transition.OffsetBefore)} " +
              $"to {OffsetText.Format(transition.OffsetAfter)} at {at}; say which with its offset, e.g. \"({OffsetText.Format(transition.OffsetBefore)})\"";
        instant = default;
        failure = ParseResult<Interval>.ForException(() => new SlotTextFormatException(text, problem, transition));
        return false;
    }

    private static ParseResult<Interval> WrongOffset(string text, DateTimeZone zone, LocalDateTime local, Offset offset, string which) =>
        Fail(text, $"{zone.Id} is not at {OffsetText.Format(offset)} at the {which} {Describe(local)}");

    private static string Describe(LocalDateTime local) =>
        TimePattern.Format(local.TimeOfDay) + " on " + DatePattern.Format(local.Date);

    private static ParseResult<Interval> Fail(string? text, string problem) =>
        ParseResult<Interval>.ForException(() => new SlotTextFormatException(text, problem));
}
