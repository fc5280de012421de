namespace InterviewBooking;

/// <summary>A recurring window of local time on one day of the week, such as Monday 09:00-17:00.</summary>
public readonly record struct WeeklyWindow
{
    /// <summary>Creates a window.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The day is not a real ISO day, or <paramref name="end"/> is not after <paramref name="start"/> (use <see cref="LocalTime.Midnight"/> as <paramref name="end"/> only for a window that runs to the end of the day).</exception>
    public WeeklyWindow(IsoDayOfWeek day, LocalTime start, LocalTime end)
    {
        if (day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "A weekly window needs a day from Monday to Sunday.");
        }

        if (end != LocalTime.Midnight && end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"A weekly window must end after it starts ({start:HH:mm}).");
        }

        Day = day;
        Start = start;
        End = end;
    }

    /// <summary>The day of the week, in the interviewer's zone.</summary>
    public IsoDayOfWeek Day { get; }

    /// <summary>Local start time.</summary>
    public LocalTime Start { get; }

    /// <summary>Local end time; <see cref="LocalTime.Midnight"/> means the end of the day.</summary>
    public LocalTime End { get; }

    /// <summary>Whether the local span <paramref name="from"/>..<paramref name="to"/> (same day) lies inside this window.</summary>
    public bool Contains(IsoDayOfWeek day, LocalTime from, LocalTime to) =>
        day == Day && from >= Start && (End == LocalTime.Midnight || (to <= End && to > from));
}
