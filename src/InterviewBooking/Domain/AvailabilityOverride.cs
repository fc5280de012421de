namespace InterviewBooking;

/// <summary>What a dated <see cref="AvailabilityOverride"/> does to an interviewer's weekly availability on its date.</summary>
public enum AvailabilityOverrideKind
{
    /// <summary>No interviews that local date, whatever the weekly windows and extra windows say.</summary>
    DayOff = 0,

    /// <summary>No interviews in a range of local time that date; a slot touching the range's edges is fine.</summary>
    Blocked = 1,

    /// <summary>An extra window of local time that date, on top of the weekly windows.</summary>
    ExtraWindow = 2,
}

/// <summary>
/// A change to an interviewer's weekly availability on one local date in their zone: a day off, a blocked range of local time,
/// or an extra window. Create one with <see cref="DayOff"/>, <see cref="Blocked"/> or <see cref="ExtraWindow"/>.
/// </summary>
/// <remarks>
/// A day off wins over everything that date; a blocked range removes time from every window that date (weekly or extra).
/// Local times read the interviewer's wall clock, as <see cref="InterviewerProfile.WeeklyAvailability"/> does.
/// </remarks>
public readonly record struct AvailabilityOverride
{
    private AvailabilityOverride(LocalDate date, AvailabilityOverrideKind kind, LocalTime start, LocalTime end)
    {
        Date = date;
        Kind = kind;
        Start = start;
        End = end;
    }

    /// <summary>The local date in the interviewer's zone.</summary>
    public LocalDate Date { get; }

    /// <summary>What the override does.</summary>
    public AvailabilityOverrideKind Kind { get; }

    /// <summary>Local start time (<see cref="LocalTime.Midnight"/> for a day off).</summary>
    public LocalTime Start { get; }

    /// <summary>Local end time; <see cref="LocalTime.Midnight"/> means the end of the day.</summary>
    public LocalTime End { get; }

    /// <summary>No interviews on <paramref name="date"/>.</summary>
    public static AvailabilityOverride DayOff(LocalDate date) =>
        new(date, AvailabilityOverrideKind.DayOff, LocalTime.Midnight, LocalTime.Midnight);

    /// <summary>No interviews from <paramref name="start"/> to <paramref name="end"/> on <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="start"/> (use <see cref="LocalTime.Midnight"/> as the end of the day).</exception>
    public static AvailabilityOverride Blocked(LocalDate date, LocalTime start, LocalTime end) =>
        new(date, AvailabilityOverrideKind.Blocked, start, CheckedEnd(start, end));

    /// <summary>An extra window from <paramref name="start"/> to <paramref name="end"/> on <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="start"/> (use <see cref="LocalTime.Midnight"/> as the end of the day).</exception>
    public static AvailabilityOverride ExtraWindow(LocalDate date, LocalTime start, LocalTime end) =>
        new(date, AvailabilityOverrideKind.ExtraWindow, start, CheckedEnd(start, end));

    private static LocalTime CheckedEnd(LocalTime start, LocalTime end)
    {
        if (end != LocalTime.Midnight && end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"A range of local time must end after it starts ({start:HH:mm}).");
        }

        return end;
    }
}
