namespace InterviewBooking;

/// <summary>A scored interviewer with their load in the coming week.</summary>
internal readonly record struct Ranked(IndexedInterviewer Entry, MatchScore Score, int Upcoming)
{
    /// <summary>The ranking order: total descending, then fewest upcoming reservations, then id (ordinal). A total order.</summary>
    public static int Compare(in Ranked x, in Ranked y)
    {
        var byTotal = y.Score.Total.CompareTo(x.Score.Total);
        if (byTotal != 0)
        {
            return byTotal;
        }

        var byLoad = x.Upcoming.CompareTo(y.Upcoming);
        return byLoad != 0 ? byLoad : string.CompareOrdinal(x.Entry.Key, y.Entry.Key);
    }
}

/// <summary>The best so far, at most <c>capacity</c>, kept in ranking order.</summary>
internal sealed class RankedList(int capacity)
{
    private readonly List<Ranked> _items = new(Math.Min(capacity, 16));

    public int Count => _items.Count;

    public Ranked this[int index] => _items[index];

    /// <summary>Whether nobody scoring at most <paramref name="bestPossibleTotal"/> could still enter (ties could, by load or id).</summary>
    public bool CannotAdmit(int bestPossibleTotal) => _items.Count >= capacity && bestPossibleTotal < _items[^1].Score.Total;

    /// <summary>
    /// Whether nobody scoring at most <paramref name="bestPossibleTotal"/> with an id ordinally after <paramref name="lowestId"/> could still
    /// enter, however light their load: the last kept beats even that total with no upcoming reservation and that id.
    /// </summary>
    public bool CannotAdmit(int bestPossibleTotal, string lowestId) =>
        CannotAdmit(bestPossibleTotal)
        || (_items.Count >= capacity && _items[^1] is { Upcoming: 0 } last && last.Score.Total == bestPossibleTotal && string.CompareOrdinal(last.Entry.Key, lowestId) < 0);

    public void Offer(Ranked ranked)
    {
        if (_items.Count >= capacity && Ranked.Compare(ranked, _items[^1]) >= 0)
        {
            return;
        }

        int low = 0, high = _items.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Ranked.Compare(_items[middle], ranked) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        _items.Insert(low, ranked);
        if (_items.Count > capacity)
        {
            _items.RemoveAt(_items.Count - 1);
        }
    }
}

/// <summary>
/// The nearest distinct slot starts to a target, at most <c>capacity</c>: ordered by distance, then earlier first; for one start,
/// the best-ranked interviewer.
/// </summary>
internal sealed class NearestList(int capacity, Instant target)
{
    private readonly List<(Interval Slot, Ranked Ranked)> _items = new(capacity + 1);

    public bool IsFull => _items.Count >= capacity;

    /// <summary>Whether the list is full and <paramref name="start"/> could not enter it: farther than every kept start, or as far and later.</summary>
    public bool IsFartherThanAll(Instant start) => IsFull && start != _items[^1].Slot.Start && !Closer(start, _items[^1].Slot.Start);

    /// <summary>The distance of the farthest kept start (meaningful when <see cref="IsFull"/>).</summary>
    public Duration WorstDistance => Distance(_items[^1].Slot.Start);

    public void Offer(Ranked ranked, Interval slot)
    {
        var at = -1;
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Slot.Start == slot.Start)
            {
                if (Ranked.Compare(ranked, _items[i].Ranked) < 0)
                {
                    _items[i] = (slot, ranked);
                }

                return;
            }

            if (at < 0 && Closer(slot.Start, _items[i].Slot.Start))
            {
                at = i;
            }
        }

        if (at < 0)
        {
            if (IsFull)
            {
                return;
            }

            at = _items.Count;
        }

        _items.Insert(at, (slot, ranked));
        if (_items.Count > capacity)
        {
            _items.RemoveAt(capacity);
        }
    }

    public SlotAlternative[] ToAlternatives(DateTimeZone candidateZone) =>
        [.. _items.Select(item => new SlotAlternative(item.Ranked.Entry.Profile, item.Ranked.Score, item.Slot, SlotText.Format(item.Slot, candidateZone)))];

    private Duration Distance(Instant start) => start >= target ? start - target : target - start;

    private bool Closer(Instant x, Instant y)
    {
        var byDistance = Distance(x).CompareTo(Distance(y));
        return byDistance < 0 || (byDistance == 0 && x < y);
    }
}
