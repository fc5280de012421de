using System.Globalization;

namespace InterviewBooking;

/// <summary>
/// An interviewer's profile compiled for matching: tokens as ids, windows as local nanosecond ranges, dated overrides sorted by date,
/// and the hours of the week their windows touch (for the posting lists). Immutable once published in a snapshot.
/// </summary>
internal sealed class IndexedInterviewer
{
    private readonly Window[] _windows;
    private readonly AvailabilityOverride[] _overrides;

    /// <summary>Compiles <paramref name="profile"/>; <paramref name="zone"/> is its zone's ordinal in the index.</summary>
    /// <exception cref="ArgumentException">The profile's id or zone is missing, or a buffer, the notice or the horizon is out of range.</exception>
    public IndexedInterviewer(InterviewerProfile profile, TokenTable tokens, int zone)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Id.IsEmpty)
        {
            throw new ArgumentException($"An interviewer profile needs an id; the profile named \"{profile.Name}\" has none.", nameof(profile));
        }

        Profile = profile;
        Key = profile.Id.Value;
        TimeZone = profile.TimeZone ?? throw Invalid(profile, nameof(profile.TimeZone), "is required");
        Zone = zone;
        Require(profile, nameof(profile.BufferBefore), profile.BufferBefore >= Duration.Zero, "must not be negative");
        Require(profile, nameof(profile.BufferAfter), profile.BufferAfter >= Duration.Zero, "must not be negative");
        Require(profile, nameof(profile.MinimumNotice), profile.MinimumNotice >= Duration.Zero, "must not be negative");
        Require(profile, nameof(profile.BookingHorizon), profile.BookingHorizon is not { } h || h > Duration.Zero, "must be positive when set");

        Categories = TokenIds(profile.SkillCategories, tokens);
        Skills = TokenIds(profile.Skills, tokens);
        Years = Math.Max(profile.ExperienceYears, 0);
        MaxPerDay = profile.MaxInterviewsPerDay;
        Occupies = profile.BufferBefore + profile.BufferAfter;

        var windows = new List<Window>();
        foreach (var window in profile.WeeklyAvailability ?? [])
        {
            if (window.Day is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Sunday)
            {
                windows.Add(new Window((int)window.Day, window.Start.NanosecondOfDay, EndNanoseconds(window.End)));
                MarkHours(window);
            }
        }

        _windows = [.. windows];
        _overrides = [.. (profile.AvailabilityOverrides ?? []).OrderBy(e => e.Date)];
        ExtraDates = [.. _overrides.Where(e => e.Kind == AvailabilityOverrideKind.ExtraWindow).Select(e => e.Date).Distinct()];
    }

    public InterviewerProfile Profile { get; }

    /// <summary>The id's text, for ordinal comparisons.</summary>
    public string Key { get; }

    public InterviewerId Id => Profile.Id;

    public DateTimeZone TimeZone { get; }

    /// <summary>The zone's ordinal in the index.</summary>
    public int Zone { get; }

    /// <summary>The position in the snapshot's table, or -1 for an inactive interviewer (set once, before the snapshot is published).</summary>
    public int Ordinal { get; set; } = -1;

    public bool IsActive => Profile.IsActive;

    /// <summary>Distinct category token ids.</summary>
    public int[] Categories { get; }

    /// <summary>Distinct skill token ids.</summary>
    public int[] Skills { get; }

    public int Years { get; }

    public int MaxPerDay { get; }

    /// <summary>The buffers before and after, added: the least gap between two of this interviewer's interviews.</summary>
    public Duration Occupies { get; }

    /// <summary>Bits 0..167: the hours of the week (ISO day - 1) * 24 + hour that some weekly window touches.</summary>
    public UInt128 WeekHours { get; private set; }

    /// <summary>Dates with an extra window, ascending.</summary>
    public LocalDate[] ExtraDates { get; }

    /// <summary>
    /// Whether the interviewer's windows and dated overrides allow the slot read by <paramref name="readings"/> (in their zone):
    /// inside one window of that date, not on a day off, meeting no blocked range.
    /// </summary>
    public bool Allows(in SlotReadings readings)
    {
        var overrides = OverridesOn(readings.Date);
        foreach (var change in overrides)
        {
            if (change.Kind == AvailabilityOverrideKind.DayOff
                || (change.Kind == AvailabilityOverrideKind.Blocked && readings.Meets(change.Start.NanosecondOfDay, EndNanoseconds(change.End))))
            {
                return false;
            }
        }

        var day = readings.Day;
        foreach (var window in _windows)
        {
            if (window.Day == day && readings.Within(window.Start, window.End))
            {
                return true;
            }
        }

        foreach (var change in overrides)
        {
            if (change.Kind == AvailabilityOverrideKind.ExtraWindow && readings.Within(change.Start.NanosecondOfDay, EndNanoseconds(change.End)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the slot starting at <paramref name="start"/> respects the notice and the horizon from <paramref name="now"/>.</summary>
    public bool AllowsStart(Instant start, Instant now) =>
        start >= now + Profile.MinimumNotice && (Profile.BookingHorizon is not { } horizon || start <= now + horizon);

    /// <summary>
    /// Whether a reservation blocks the slot: each interview occupies its slot plus the buffers before and after, and two occupied
    /// spans may not overlap (so interviews are at least <see cref="Occupies"/> apart).
    /// </summary>
    public bool Conflicts(Interval reserved, Interval slot) =>
        reserved.Start < slot.End + Occupies && slot.Start < reserved.End + Occupies;

    /// <summary>The windows (weekly and extra) of one local date as local times, unless it is a day off; for finding alternative starts.</summary>
    public void AddWindowStarts(LocalDate date, List<(LocalTime Start, LocalTime End)> into)
    {
        into.Clear();
        var overrides = OverridesOn(date);
        foreach (var change in overrides)
        {
            if (change.Kind == AvailabilityOverrideKind.DayOff)
            {
                return;
            }
        }

        var day = (int)date.DayOfWeek;
        foreach (var window in Profile.WeeklyAvailability ?? [])
        {
            if ((int)window.Day == day)
            {
                into.Add((window.Start, window.End));
            }
        }

        foreach (var change in overrides)
        {
            if (change.Kind == AvailabilityOverrideKind.ExtraWindow)
            {
                into.Add((change.Start, change.End));
            }
        }
    }

    private static long EndNanoseconds(LocalTime end) => end == LocalTime.Midnight ? SlotReadings.NanosecondsPerDay : end.NanosecondOfDay;

    private static int[] TokenIds(IReadOnlyList<string>? values, TokenTable tokens)
    {
        if (values is null || values.Count == 0)
        {
            return [];
        }

        var ids = new List<int>(values.Count);
        foreach (var value in values)
        {
            var token = SkillToken.Normalize(value);
            if (token.Length > 0)
            {
                var id = tokens.GetOrAdd(token);
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
        }

        return [.. ids];
    }

    private static ArgumentException Invalid(InterviewerProfile profile, string field, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Interviewer '{profile.Id}': {field} {problem}."), nameof(profile));

    private static void Require(InterviewerProfile profile, string field, bool ok, string problem)
    {
        if (!ok)
        {
            throw Invalid(profile, field, problem);
        }
    }

    private ReadOnlySpan<AvailabilityOverride> OverridesOn(LocalDate date)
    {
        var all = _overrides.AsSpan();
        if (all.IsEmpty)
        {
            return all;
        }

        int low = 0, high = all.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (all[middle].Date < date)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var end = low;
        while (end < all.Length && all[end].Date == date)
        {
            end++;
        }

        return all[low..end];
    }

    private void MarkHours(WeeklyWindow window)
    {
        var first = window.Start.Hour;
        var end = EndNanoseconds(window.End);
        var last = (int)((end - 1) / (SlotReadings.NanosecondsPerDay / 24));
        var dayBase = ((int)window.Day - 1) * 24;
        for (var hour = first; hour <= last; hour++)
        {
            WeekHours |= UInt128.One << (dayBase + hour);
        }
    }

    private readonly record struct Window(int Day, long Start, long End);
}
