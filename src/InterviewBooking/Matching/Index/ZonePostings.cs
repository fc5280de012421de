using System.Collections.Immutable;

namespace InterviewBooking;

/// <summary>
/// The active interviewers of one category (or of all, <see cref="IndexSnapshot.AnyCategory"/>) in one zone, as ascending ordinals:
/// all of them, those whose weekly windows touch each hour of the week (local time), those with an extra window or a day off on a
/// date, and those listing each skill and category token. Immutable; an edit copies only the lists it changes.
/// </summary>
/// <remarks>
/// The token lists let the alternatives find the best interviewers by experience and skills without reading the whole category:
/// whoever covers a requested token is in its list, so once the lists of the rarest requested tokens are read, nobody outside them
/// can score high enough (see <c>MatchRun.BestByStaticScore</c>).
/// </remarks>
internal sealed class ZonePostings(
    int zone,
    DateTimeZone timeZone,
    int[] all,
    int[][] hours,
    ImmutableDictionary<LocalDate, int[]> extras,
    ImmutableDictionary<LocalDate, int[]> daysOff,
    ImmutableDictionary<int, int[]> bySkill,
    ImmutableDictionary<int, int[]> byCategory)
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

    /// <summary>By local date: who has that date off, ascending (no slot that date can be theirs, whatever their windows).</summary>
    public ImmutableDictionary<LocalDate, int[]> DaysOff { get; } = daysOff;

    /// <summary>By skill token id: who lists that skill, ascending.</summary>
    public ImmutableDictionary<int, int[]> BySkill { get; } = bySkill;

    /// <summary>By category token id: who lists that category, ascending.</summary>
    public ImmutableDictionary<int, int[]> ByCategory { get; } = byCategory;

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

        var extras = ApplyKeyed(old?.Extras, change, static e => e.ExtraDates);
        var daysOff = ApplyKeyed(old?.DaysOff, change, static e => e.DayOffDates);
        var bySkill = ApplyKeyed(old?.BySkill, change, static e => e.Skills);
        var byCategory = ApplyKeyed(old?.ByCategory, change, static e => e.Categories);
        return new ZonePostings(change.Zone, change.TimeZone, all, hours, extras, daysOff, bySkill, byCategory);
    }

    /// <summary>
    /// Applies the change to lists keyed by something each interviewer has a few of (dates, tokens); a key whose arriving ordinals are
    /// exactly its leaving ones (a profile-only edit at the same ordinal) keeps its list.
    /// </summary>
    private static ImmutableDictionary<TKey, int[]> ApplyKeyed<TKey>(ImmutableDictionary<TKey, int[]>? old, PostingChange change, Func<IndexedInterviewer, TKey[]> keysOf)
        where TKey : notnull
    {
        old ??= ImmutableDictionary<TKey, int[]>.Empty;
        var arriving = ByKey(change.Added, keysOf);
        var leaving = ByKey(change.RemovedEntries, keysOf);
        if (arriving.Count == 0 && leaving.Count == 0)
        {
            return old;
        }

        var lists = old.ToBuilder();
        foreach (var key in arriving.Keys.Union(leaving.Keys))
        {
            var added = arriving.GetValueOrDefault(key);
            if (!Same(added, leaving.GetValueOrDefault(key)))
            {
                var merged = Merge(lists.GetValueOrDefault(key, None), change.Removed, added ?? []);
                if (merged.Length == 0)
                {
                    lists.Remove(key);
                }
                else
                {
                    lists[key] = merged;
                }
            }
        }

        return lists.ToImmutable();
    }

    private static Dictionary<TKey, List<int>> ByKey<TKey>(List<IndexedInterviewer> entries, Func<IndexedInterviewer, TKey[]> keysOf)
        where TKey : notnull
    {
        var byKey = new Dictionary<TKey, List<int>>();
        foreach (var entry in entries)
        {
            foreach (var key in keysOf(entry))
            {
                if (!byKey.TryGetValue(key, out var ordinals))
                {
                    byKey.Add(key, ordinals = []);
                }

                ordinals.Add(entry.Ordinal);
            }
        }

        return byKey;
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
