using System.Collections.Immutable;

namespace InterviewBooking;

/// <summary>
/// The active interviewers of one category (or of all, <see cref="IndexSnapshot.AnyCategory"/>) in one zone, as ascending ordinals:
/// all of them, those whose weekly windows touch each hour of the week (local time), and those with an extra window on a date.
/// Immutable; an edit copies only the lists it changes.
/// </summary>
internal sealed class ZonePostings(int zone, DateTimeZone timeZone, int[] all, int[][] hours, ImmutableDictionary<LocalDate, int[]> extras)
{
        public static readonly int[] None = [];

    public int Zone { get; } = zone;

    public DateTimeZone TimeZone { get; } = timeZone;

    /// <summary>Everyone here, ascending.</summary>
    public int[] All { get; } = all;

    /// <summary>By hour of the week (ISO day - 1) * 24 + hour: whose weekly windows touch that local hour, ascending.</summary>
    public int[][] Hours { get; } = hours;

    /// <summary>By local date: who has an extra window that date, ascending.</summary>
    public ImmutableDictionary<LocalDate, int[]> Extras { get; } = extras;

    /// <summary>Applies one batch of changes to <paramref name="old"/> (or to nothing); <see langword="null"/> when nobody is left.</summary>
    public static ZonePostings? Apply(ZonePostings? old, PostingChange change)
    {
        var added = change.Added.ConvertAll(static e => e.Ordinal);
        var all = old is not null && Same(added, change.Removed) ? old.All : Merge(old?.All ?? None, change.Removed, added);
        if (all.Length == 0)
        {
            return null;
        }

        var hours = old is null ? Enumerable.Repeat(None, InterviewBooking.WeekHours.Count).ToArray() : (int[][])old.Hours.Clone();
        var addedByHour = ByHour(change.Added);
        var removedByHour = ByHour(change.RemovedEntries);
        foreach (var hour in change.TouchedHours.Hours())
        {
            // An interviewer re-added at their old ordinal with the same hours (a profile-only edit) leaves the list as it is.
            if (!Same(addedByHour[hour], removedByHour[hour]))
            {
                hours[hour] = Merge(hours[hour], change.Removed, addedByHour[hour] ?? []);
            }
        }

        var extras = old?.Extras ?? ImmutableDictionary<LocalDate, int[]>.Empty;
        foreach (var date in change.TouchedDates)
        {
            var arriving = change.Added.Where(e => Array.IndexOf(e.ExtraDates, date) >= 0).Select(e => e.Ordinal).ToList();
            var merged = Merge(extras.GetValueOrDefault(date, None), change.Removed, arriving);
            extras = merged.Length == 0 ? extras.Remove(date) : extras.SetItem(date, merged);
        }

        return new ZonePostings(change.Zone, change.TimeZone, all, hours, extras);
    }

    private static List<int>?[] ByHour(List<IndexedInterviewer> entries)
    {
        var byHour = new List<int>?[InterviewBooking.WeekHours.Count];
        foreach (var entry in entries)
        {
            foreach (var hour in entry.WeekHours.Hours())
            {
                (byHour[hour] ??= []).Add(entry.Ordinal);
            }
        }

        return byHour;
    }

    /// <summary>Whether the ordinals arriving are exactly those leaving.</summary>
    private static bool Same(List<int>? arriving, List<int>? leaving) =>
        (arriving?.Count ?? 0) == (leaving?.Count ?? 0) && (arriving is null || Same(arriving, leaving!.ToHashSet()));

    private static bool Same(List<int> arriving, HashSet<int> leaving) =>
        arriving.Count == leaving.Count && arriving.TrueForAll(leaving.Contains);

    /// <summary>The ascending union of <paramref name="old"/> without <paramref name="removed"/> and <paramref name="added"/> (disjoint from what stays).</summary>
    private static int[] Merge(int[] old, HashSet<int> removed, List<int> added)
    {
        if (added.Count == 0 && (removed.Count == 0 || old.Length == 0))
        {
            return old;
        }

        added.Sort();
        var result = new int[old.Length + added.Count];
        int i = 0, j = 0, n = 0;
        while (i < old.Length || j < added.Count)
        {
            if (j == added.Count || (i < old.Length && old[i] < added[j]))
            {
                var ordinal = old[i++];
                if (!removed.Contains(ordinal))
                {
                    result[n++] = ordinal;
                }
            }
            else
            {
                result[n++] = added[j++];
            }
        }

        return n == result.Length ? result : n == 0 ? None : result[..n];
    }
}

/// <summary>What one batch does to one (category, zone) posting: who leaves (by old ordinal) and who arrives.</summary>
internal sealed class PostingChange(int zone, DateTimeZone timeZone)
{
    public int Zone { get; } = zone;

    public DateTimeZone TimeZone { get; } = timeZone;

    public HashSet<int> Removed { get; } = [];

    /// <summary>The entries leaving, as they were (for their hours).</summary>
    public List<IndexedInterviewer> RemovedEntries { get; } = [];

    public List<IndexedInterviewer> Added { get; } = [];

    /// <summary>Hours of the week whose lists change.</summary>
    public WeekHours TouchedHours { get; private set; }

    /// <summary>Dates whose extra-window lists change.</summary>
    public HashSet<LocalDate> TouchedDates { get; } = [];

    public void Leave(IndexedInterviewer entry)
    {
        Removed.Add(entry.Ordinal);
        RemovedEntries.Add(entry);
        Touch(entry);
    }

    public void Arrive(IndexedInterviewer entry)
    {
        Added.Add(entry);
        Touch(entry);
    }

    private void Touch(IndexedInterviewer entry)
    {
        TouchedHours = TouchedHours.Union(entry.WeekHours);
        TouchedDates.UnionWith(entry.ExtraDates);
    }
}

/// <summary>One category's postings, one per zone, ordered by zone ordinal.</summary>
internal sealed class CategoryPostings(ZonePostings[] zones)
{
    public ZonePostings[] Zones { get; } = zones;

    /// <summary>This category with one zone's postings replaced (or removed, for <see langword="null"/>); <see langword="null"/> when no zone is left.</summary>
    public static CategoryPostings? With(CategoryPostings? old, int zone, ZonePostings? postings)
    {
        var zones = new List<ZonePostings>(old?.Zones ?? []);
        var index = zones.FindIndex(z => z.Zone == zone);
        if (index >= 0)
        {
            zones.RemoveAt(index);
        }

        if (postings is not null)
        {
            var at = zones.FindIndex(z => z.Zone > zone);
            zones.Insert(at < 0 ? zones.Count : at, postings);
        }

        return zones.Count == 0 ? null : new CategoryPostings([.. zones]);
    }
}
