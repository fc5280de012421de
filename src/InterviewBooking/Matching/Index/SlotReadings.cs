namespace InterviewBooking;

/// <summary>
/// How a slot reads on one zone's wall clock: its local start date, and the slot cut at the zone's offset changes into at most two
/// pieces, each read as local nanoseconds since that date's midnight (so a reading on the next day is above one day's nanoseconds,
/// and one on the day before is negative).
/// </summary>
/// <remarks>
/// This is the rule behind every window check (the DST rule): a slot fits a window when every instant of it reads a local time
/// inside the window, so each piece must lie inside it. A slot across a spring-forward gap has two pieces whose readings jump over
/// the missing hour; a slot across a fall-back overlap has two pieces whose readings repeat an hour. A slot cut by more than one
/// offset change fits no window.
/// </remarks>
internal readonly struct SlotReadings
{
    public const long NanosecondsPerDay = 86_400L * 1_000_000_000L;

    private readonly long _start0;
    private readonly long _end0;
    private readonly long _start1;
    private readonly long _end1;
    private readonly int _pieces;

    private SlotReadings(LocalDate date, Instant dayStart, Instant dayEnd, int weekHour, long start0, long end0, long start1, long end1, int pieces)
    {
        Date = date;
        DayStart = dayStart;
        DayEnd = dayEnd;
        WeekHour = weekHour;
        _start0 = start0;
        _end0 = end0;
        _start1 = start1;
        _end1 = end1;
        _pieces = pieces;
    }

    /// <summary>The local date of the slot's start.</summary>
    public LocalDate Date { get; }

    /// <summary>The first instant of <see cref="Date"/> in the zone.</summary>
    public Instant DayStart { get; }

    /// <summary>The first instant of the day after <see cref="Date"/> in the zone.</summary>
    public Instant DayEnd { get; }

    /// <summary>The hour of the week of the slot's start reading: (ISO day - 1) * 24 + hour, 0..167.</summary>
    public int WeekHour { get; }

    /// <summary>The ISO day of the week of <see cref="Date"/>, 1..7.</summary>
    public int Day => (WeekHour / 24) + 1;

    /// <summary>Reads <paramref name="slot"/> (with both ends, positive length) on <paramref name="zone"/>'s wall clock.</summary>
    public static SlotReadings Read(DateTimeZone zone, Interval slot) => Read(zone, slot, default);

    /// <summary>
    /// Reads <paramref name="slot"/> like <see cref="Read(DateTimeZone, Interval)"/>, taking the day's bounds from
    /// <paramref name="previous"/> (a reading in the same zone, or default) when it read the same date: finding a local midnight is
    /// the costly part, and a search reads many slots of one day.
    /// </summary>
    public static SlotReadings Read(DateTimeZone zone, Interval slot, in SlotReadings previous)
    {
        var first = zone.GetZoneInterval(slot.Start);
        var startLocal = slot.Start.WithOffset(first.WallOffset).LocalDateTime;
        var date = startLocal.Date;
        var start0 = startLocal.TimeOfDay.NanosecondOfDay;
        var cut = first.HasEnd && first.End < slot.End ? first.End : slot.End;
        var end0 = Since(date, cut.WithOffset(first.WallOffset).LocalDateTime);
        long start1 = 0, end1 = 0;
        var pieces = 1;
        if (cut < slot.End)
        {
            var second = zone.GetZoneInterval(cut);
            pieces = second.HasEnd && second.End < slot.End ? 3 : 2;
            start1 = Since(date, cut.WithOffset(second.WallOffset).LocalDateTime);
            end1 = Since(date, slot.End.WithOffset(second.WallOffset).LocalDateTime);
        }

        var weekHour = (((int)date.DayOfWeek - 1) * 24) + startLocal.Hour;
        var sameDay = previous.Date == date && previous.DayEnd > previous.DayStart;
        return new SlotReadings(
            date,
            sameDay ? previous.DayStart : zone.AtStartOfDay(date).ToInstant(),
            sameDay ? previous.DayEnd : zone.AtStartOfDay(date.PlusDays(1)).ToInstant(),
            weekHour,
            start0,
            end0,
            start1,
            end1,
            pieces);
    }

    /// <summary>Whether every piece reads inside <c>[from, to]</c> (nanoseconds since <see cref="Date"/>'s midnight).</summary>
    public bool Within(long from, long to) =>
        _pieces switch
        {
            1 => _start0 >= from && _end0 <= to,
            2 => _start0 >= from && _end0 <= to && _start1 >= from && _end1 <= to,
            _ => false,
        };

    /// <summary>Whether some piece reads a local time in <c>[from, to)</c>: touching the range's edges does not count.</summary>
    public bool Meets(long from, long to) =>
        (_start0 < to && from < _end0) || (_pieces > 1 && _start1 < to && from < _end1);

    /// <summary>The earliest instant whose reading in <paramref name="zone"/> is <paramref name="local"/> or, in a gap, the end of the gap.</summary>
    public static Instant FirstInstantReading(DateTimeZone zone, LocalDateTime local)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count > 0 ? mapping.First().ToInstant() : mapping.LateInterval.Start;
    }

    private static long Since(LocalDate date, LocalDateTime local) =>
        ((long)(local.Date.ToDateOnly().DayNumber - date.ToDateOnly().DayNumber) * NanosecondsPerDay) + local.TimeOfDay.NanosecondOfDay;
}
