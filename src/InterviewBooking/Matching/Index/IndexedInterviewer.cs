using System.Globalization;

namespace InterviewBooking;

/// <summary>
/// An interviewer's profile compiled for matching: tokens as ids, windows as local nanosecond ranges, dated overrides sorted by date,
/// and the hours of the week their windows touch (for the posting lists). Immutable once published in a snapshot.
/// </summary>
internal sealed class IndexedInterviewer
{
    private readonly Window[] _windows;
    private readonly WeeklyWindow[] _weekly;
    private readonly AvailabilityOverride[] _overrides;
    private readonly int _firstOverrideDay;
    private readonly int _lastOverrideDay;

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
        // These reach payment sessions, invites and mail headers: refused here, when the directory is given the profile.
        RequirePlainText(profile, nameof(profile.Id), profile.Id.Value);
        RequirePlainText(profile, nameof(profile.Name), profile.Name);
        RequirePlainText(profile, nameof(profile.Email), profile.Email);
        RequirePlainText(profile, nameof(profile.Company), profile.Company);
        Require(profile, nameof(profile.BufferBefore), profile.BufferBefore >= Duration.Zero, "must not be negative");
        Require(profile, nameof(profile.BufferAfter), profile.BufferAfter >= Duration.Zero, "must not be negative");
        Require(profile, nameof(profile.MinimumNotice), profile.MinimumNotice >= Duration.Zero, "must not be negative");
        Require(profile, nameof(profile.BookingHorizon), profile.BookingHorizon is not { } h || h > Duration.Zero, "must be positive when set");

        Categories = TokenIds(profile.SkillCategories, tokens);
        Skills = TokenIds(profile.Skills, tokens);
        CategorySignature = TokenGroups.Signature(Categories);
        SkillSignature = TokenGroups.Signature(Skills);
        NoticeNanoseconds = profile.MinimumNotice.ToInt64Nanoseconds();
        HorizonNanoseconds = profile.BookingHorizon is { } horizon && horizon < Duration.FromDays(100_000) ? horizon.ToInt64Nanoseconds() : long.MaxValue;
        Years = Math.Max(profile.ExperienceYears, 0);
        MaxPerDay = profile.MaxInterviewsPerDay;
        Occupies = profile.BufferBefore + profile.BufferAfter;

        var windows = new List<Window>();
        var weekly = new List<WeeklyWindow>();
        foreach (var window in profile.WeeklyAvailability ?? [])
        {
            if (window.Day is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Sunday)
            {
                windows.Add(new Window((int)window.Day, window.Start.NanosecondOfDay, EndNanoseconds(window.End)));
                weekly.Add(window);
                MarkHours(window);
            }
        }

        _windows = [.. windows];
        _weekly = [.. weekly];
        _overrides = [.. (profile.AvailabilityOverrides ?? []).OrderBy(e => e.Date)];
        _firstOverrideDay = _overrides.Length == 0 ? int.MaxValue : DayNumber(_overrides[0].Date);
        _lastOverrideDay = _overrides.Length == 0 ? int.MinValue : DayNumber(_overrides[^1].Date);
        ExtraDates = [.. _overrides.Where(e => e.Kind == AvailabilityOverrideKind.ExtraWindow).Select(e => e.Date).Distinct()];
        DayOffDates = [.. _overrides.Where(e => e.Kind == AvailabilityOverrideKind.DayOff).Select(e => e.Date).Distinct()];
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

    /// <summary>Bit <c>id % 64</c> set for every category id: a zero AND with a wanted group's signature means "not covered".</summary>
    public ulong CategorySignature { get; }

    /// <summary>Bit <c>id % 64</c> set for every skill id.</summary>
    public ulong SkillSignature { get; }

    /// <summary><see cref="InterviewerProfile.MinimumNotice"/> in nanoseconds.</summary>
    public long NoticeNanoseconds { get; }

    /// <summary><see cref="InterviewerProfile.BookingHorizon"/> in nanoseconds, or <see cref="long.MaxValue"/> for none.</summary>
    public long HorizonNanoseconds { get; }

    public int Years { get; }

    public int MaxPerDay { get; }

    /// <summary>The buffers before and after, added: the least gap between two of this interviewer's interviews.</summary>
    public Duration Occupies { get; }

    /// <summary>Bits 0..167: the hours of the week (ISO day - 1) * 24 + hour that some weekly window touches.</summary>
    public WeekHours WeekHours { get; private set; }

    /// <summary>Dates with an extra window, ascending.</summary>
    public LocalDate[] ExtraDates { get; }

    /// <summary>Days off, ascending.</summary>
    public LocalDate[] DayOffDates { get; }

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
    public bool AllowsStart(Instant start, Instant now) => AllowsLead(LeadNanoseconds(start, now));

    /// <summary>Whether a slot starting <paramref name="leadNanoseconds"/> from now respects the notice and the horizon.</summary>
    public bool AllowsLead(long leadNanoseconds) => leadNanoseconds >= NoticeNanoseconds && leadNanoseconds <= HorizonNanoseconds;

    /// <summary>How far <paramref name="start"/> lies after <paramref name="now"/>, in nanoseconds (clamped; negative when before).</summary>
    public static long LeadNanoseconds(Instant start, Instant now)
    {
        var lead = start - now;
        return lead > Duration.FromDays(100_000) ? long.MaxValue : lead < Duration.FromDays(-100_000) ? long.MinValue : lead.ToInt64Nanoseconds();
    }

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

        var day = date.DayOfWeek;
        foreach (var window in _weekly)
        {
            if (window.Day == day)
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
        new(string.Create(CultureInfo.InvariantCulture, $"Interviewer '{PlainText.Escape(profile.Id.Value ?? string.Empty)}': {field} {problem}."), nameof(profile));

    private static void RequirePlainText(InterviewerProfile profile, string field, string? value)
    {
        if (PlainText.Problem(value) is { } problem)
        {
            throw Invalid(profile, field, problem);
        }
    }

    private static void Require(InterviewerProfile profile, string field, bool ok, string problem)
    {
        if (!ok)
        {
            throw Invalid(profile, field, problem);
        }
    }

    private static int DayNumber(LocalDate date) => date.ToDateOnly().DayNumber;

    private ReadOnlySpan<AvailabilityOverride> OverridesOn(LocalDate date)
    {
        var all = _overrides.AsSpan();
        if (all.IsEmpty)
        {
            return all;
        }

        var day = DayNumber(date);
        if (day < _firstOverrideDay || day > _lastOverrideDay)
        {
            return [];
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
            WeekHours = WeekHours.With(dayBase + hour);
        }
    }

    private readonly record struct Window(int Day, long Start, long End);
}

/// <summary>
/// The fields of an active interviewer that every candidate check reads, kept densely by ordinal (a few megabytes for 100,000
/// interviewers) so that gathering candidates does not touch each scattered <see cref="IndexedInterviewer"/>.
/// </summary>
internal readonly struct HotFields(IndexedInterviewer entry)
{
    public readonly ulong CategorySignature = entry.CategorySignature;
    public readonly ulong SkillSignature = entry.SkillSignature;
    public readonly long NoticeNanoseconds = entry.NoticeNanoseconds;
    public readonly long HorizonNanoseconds = entry.HorizonNanoseconds;
    public readonly int Years = entry.Years;
    public readonly int MaxPerDay = entry.MaxPerDay;

    /// <summary>Whether a slot starting <paramref name="leadNanoseconds"/> from now respects the notice, the horizon and a positive daily cap.</summary>
    public bool AllowsLead(long leadNanoseconds) => MaxPerDay > 0 && leadNanoseconds >= NoticeNanoseconds && leadNanoseconds <= HorizonNanoseconds;
}
