using System.Buffers;

namespace InterviewBooking.Benchmarks;

// The slot search's one-pass run as it was before the aimed prefetch, kept here only as the benchmarks' baseline: each query also
// read every unread interviewer of the levels walked so far. Results are the same; only the reads differ.
#pragma warning disable SA1402, SA1649 // the baseline's entry point sits next to the run it starts

/// <summary>Runs a slot search with <see cref="EagerReadSlotSearchRun"/> (the query is validated like <see cref="SlotSearchService"/> would).</summary>
internal static class EagerReadSlotSearch
{
    public static async ValueTask<SlotSearchResult> SearchAsync(
        SlotSearchQuery query, InterviewBookingOptions options, IClock clock, IIndexedInterviewerDirectory directory, IReservationStore reservations)
    {
        var plan = options.Plans.Single(p => p.Id == query.PlanId);
        var now = clock.GetCurrentInstant();
        var from = query.From is { } asked && asked > now ? asked : now;
        var search = new SlotSearch(query, plan.Duration, options, now, from, query.Range ?? options.SlotSearchRange, query.MaxSlots ?? options.MaxSearchSlots);
        using var run = new EagerReadSlotSearchRun(search, directory.Index.Current, new NoBusyTimeSource());
        return await run.RunAsync(reservations, CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>
/// A slot search in one pass: ranks every start of the grid for its best interviewer, as a <see cref="MatchRun"/> for that start
/// would (the same rules, scores and order), without starting over at each one.
/// </summary>
/// <remarks>
/// <para>What does not depend on the start is done once per search: the interviewers of the primary domain who could reach the
/// minimum score (daily cap above zero, not excluded), with their experience and skill points, filed in levels by that static
/// score (the interviewer's own entry is read only when their level is first walked); and each interviewer's active reservations and
/// outside busy time over the whole range, read the first time a start needs them, in one query together with every unread
/// interviewer of the levels walked so far (later starts walk them again), and kept: a search makes a handful of queries.</para>
/// <para>Each start then walks the levels from the top, checking the start's own rules (the zone's grid, notice and horizon, windows
/// and overrides on the interviewer's wall clock, then buffers, the daily cap and busy time from the kept reservations), and stops,
/// like <see cref="MatchRun.RankAsync"/>, once no lower level could reach the best total found even with a free day. The starts
/// go earliest first and the search stops at the slot limit.</para>
/// <para>While <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0, each member's reliability is read in the same batches
/// as their reservations (one <see cref="IInterviewStore.GetReliabilityAsync"/> per batch) and kept for every start.</para>
/// </remarks>
internal sealed class EagerReadSlotSearchRun : IDisposable
{
    /// <summary>Margin around the range for the reservations read: a local day's bounds lie within it of any start.</summary>
    private static readonly Duration DayMargin = Duration.FromDays(3);

    private readonly SlotSearch _search;
    private readonly IndexSnapshot _snapshot;
    private readonly IBusyTimeSource _busyTime;
    private readonly InterviewBookingOptions _options;
    private readonly TokenGroups _categories;
    private readonly TokenGroups _skills;
    private readonly HashSet<InterviewerId>? _excluded;
    private readonly Interval _upcoming;
    private readonly int[] _heads = new int[MatchScore.MaxTotal + 1];
    private readonly SlotReadings[] _readings;
    private readonly int[] _readAt;
    private readonly List<int> _pending = [];
    private Member[] _members;
    private int _count;
    private Interval[] _booked;
    private int _bookedCount;

    // The start being ranked.
    private SlotGrid _grid = null!;
    private Interval _slot;
    private long _lead;
    private int _stamp;
    private Ranked _best;
    private bool _hasBest;

    public EagerReadSlotSearchRun(SlotSearch search, IndexSnapshot snapshot, IBusyTimeSource busyTime)
    {
        _search = search;
        _snapshot = snapshot;
        _busyTime = busyTime;
        _options = search.Options;
        _categories = search.Categories(snapshot);
        _skills = TokenGroups.Resolve(search.Wanted.Skills, search.Vocabulary, snapshot.Tokens);
        _excluded = search.Query.ExcludedInterviewers is { Count: > 0 } excluded ? [.. excluded] : null;
        _upcoming = new Interval(search.Now, search.Now + MatchRun.UpcomingPeriod);
        _readings = ArrayPool<SlotReadings>.Shared.Rent(snapshot.ZoneCount);
        _readAt = ArrayPool<int>.Shared.Rent(snapshot.ZoneCount);
        Array.Clear(_readings, 0, snapshot.ZoneCount);
        Array.Clear(_readAt, 0, snapshot.ZoneCount);
        _members = ArrayPool<Member>.Shared.Rent(256);
        _booked = ArrayPool<Interval>.Shared.Rent(1024);
        Array.Fill(_heads, -1);
        Gather();
    }

    private int AvailabilityWeight => _options.AvailabilityWeight;

    /// <summary>The most points the reads can still add to a static score: availability and reliability (0 while off).</summary>
    private int OpenWeight => _options.AvailabilityWeight + (_search.Reliability is null ? 0 : _options.ReliabilityWeight);

    public async ValueTask<SlotSearchResult> RunAsync(IReservationStore reservations, CancellationToken cancellationToken)
    {
        _grid = _search.Grid(_snapshot);
        var result = new SlotSearchResultBuilder(_search.Query.CandidateTimeZone, _search.MaxSlots);
        var truncated = false;
        while (_grid.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (result.IsFull)
            {
                truncated = true;
                break;
            }

            _slot = new Interval(_grid.Current, _grid.Current + _search.Duration);
            _lead = IndexedInterviewer.LeadNanoseconds(_slot.Start, _search.Now);
            _stamp++;
            if (_count > 0 && await RankStartAsync(reservations, cancellationToken).ConfigureAwait(false))
            {
                result.Add(_best.Entry.Profile, _best.Score, _slot);
            }
        }

        return result.ToResult(_search.Searched, truncated);
    }

    public void Dispose()
    {
        ArrayPool<SlotReadings>.Shared.Return(_readings);
        ArrayPool<int>.Shared.Return(_readAt);
        ArrayPool<Member>.Shared.Return(_members, clearArray: true);
        ArrayPool<Interval>.Shared.Return(_booked);
        _members = [];
        _booked = [];
    }

    /// <summary>Whether someone is free for the current start; then <see cref="_best"/> is the first in the matcher's order.</summary>
    private async ValueTask<bool> RankStartAsync(IReservationStore reservations, CancellationToken cancellationToken)
    {
        _hasBest = false;
        var walked = MatchScore.MaxTotal;
        for (var level = MatchScore.MaxTotal; level >= 0; level--)
        {
            if (_heads[level] < 0)
            {
                continue;
            }

            if (_pending.Count > 0)
            {
                await ReadAsync(reservations, walked, cancellationToken).ConfigureAwait(false);
            }

            // Nobody at this level or below can beat the best, even with a free day (ties on the total go by load, then id).
            if (_hasBest && level + OpenWeight < _best.Score.Total)
            {
                break;
            }

            WalkLevel(level);
            walked = level;
        }

        if (_pending.Count > 0)
        {
            await ReadAsync(reservations, walked, cancellationToken).ConfigureAwait(false);
        }

        return _hasBest;
    }

    /// <summary>
    /// Offers every member of one level free for the current start; one not read yet waits in <see cref="_pending"/>. A member still
    /// filed by its bound is scored exactly first and moves down to its level (walked later at this start), or out.
    /// </summary>
    private void WalkLevel(int level)
    {
        var previous = -1;
        for (var i = _heads[level]; i >= 0;)
        {
            ref var member = ref _members[i];
            var following = member.Next;
            if (!member.Resolved)
            {
                var exact = Resolve(ref member);
                if (exact != level)
                {
                    if (previous < 0)
                    {
                        _heads[level] = following;
                    }
                    else
                    {
                        _members[previous].Next = following;
                    }

                    if (exact >= 0)
                    {
                        member.Next = _heads[exact];
                        _heads[exact] = i;
                    }

                    i = following;
                    continue;
                }
            }

            previous = i;
            if (IsFreeByRules(ref member))
            {
                if (member.Read)
                {
                    Offer(ref member);
                }
                else if (!member.Pending)
                {
                    member.Pending = true;
                    _pending.Add(i);
                }
            }

            i = following;
        }
    }

    /// <summary>The start's own rules that need no reservation: the zone's grid, notice, horizon, windows and overrides.</summary>
    private bool IsFreeByRules(ref Member member)
    {
        if (!_grid.IsOnGrid(member.Zone) || _lead < member.Notice || _lead > member.Horizon)
        {
            return false;
        }

        var entry = member.Entry;
        ref readonly var readings = ref ReadingsIn(member.Zone, entry.TimeZone);

        // The posting lists' test first (a window touching the start's local hour, or an extra window that date), then the exact one.
        return (entry.WeekHours.Contains(readings.WeekHour) || (entry.ExtraDates.Length > 0 && Array.IndexOf(entry.ExtraDates, readings.Date) >= 0))
            && entry.Allows(readings);
    }

    /// <summary>Scores a read member free by the rules against their reservations and busy time, and keeps them when they beat the best.</summary>
    private void Offer(ref Member member)
    {
        var entry = member.Entry;
        if (member.Busy?.Blocks(_slot, entry.Occupies) == true)
        {
            return;
        }

        var readings = _readings[member.Zone];
        var thatDay = 0;
        foreach (var reserved in _booked.AsSpan(member.BookedStart, member.BookedCount))
        {
            if (entry.Conflicts(reserved, _slot))
            {
                return;
            }

            if (reserved.Start >= readings.DayStart && reserved.Start < readings.DayEnd)
            {
                thatDay++;
            }
        }

        if (thatDay >= entry.MaxPerDay)
        {
            return;
        }

        var score = new MatchScore(member.Experience, member.Skills, ScoringInterviewerMatcher.AvailabilityPoints(thatDay, entry.MaxPerDay, AvailabilityWeight), member.Reliability);
        if (score.Total < _options.MinimumMatchScore)
        {
            return;
        }

        var ranked = new Ranked(entry, score, member.Upcoming);
        if (!_hasBest || Ranked.Compare(ranked, _best) < 0)
        {
            _best = ranked;
            _hasBest = true;
        }
    }

    /// <summary>
    /// Reads, in one query, the reservations and busy time over the whole range of the pending members and of every unread member of
    /// the levels walked so far (later starts walk them again), then offers the pending ones.
    /// </summary>
    private async ValueTask ReadAsync(IReservationStore reservations, int walkedDownTo, CancellationToken cancellationToken)
    {
        var indices = new List<int>(_pending);
        for (var level = MatchScore.MaxTotal; level >= walkedDownTo; level--)
        {
            for (var i = _heads[level]; i >= 0; i = _members[i].Next)
            {
                if (!_members[i].Read && !_members[i].Pending)
                {
                    indices.Add(i);
                }
            }
        }

        var members = _members;
        indices.Sort((x, y) => string.CompareOrdinal(members[x].Entry.Key, members[y].Entry.Key));
        var ids = new InterviewerId[indices.Count]; // the store may keep the collection it was given: never a pooled one
        var buffers = Duration.Zero;
        for (var k = 0; k < ids.Length; k++)
        {
            var entry = _members[indices[k]].Entry;
            ids[k] = entry.Id;
            buffers = Duration.Max(buffers, entry.Occupies);
        }

        // Reservations over every local day a start falls on and the coming week (the daily cap and the load count them); busy
        // time only where a slot and its buffers can meet it, which stays inside what a calendar cache holds.
        var searched = _search.Searched;
        var days = new Interval(
            Instant.Min(_search.Now, searched.Start - DayMargin - buffers),
            Instant.Max(_upcoming.End, searched.End + _search.Duration + DayMargin + buffers));
        var slots = new Interval(searched.Start - buffers, searched.End + _search.Duration + buffers);
        var active = await reservations.GetActiveAsync(ids, days, cancellationToken).ConfigureAwait(false) ?? [];
        Keep(active, indices);
        var outside = await _busyTime.GetBusyTimeAsync(ids, slots, BusyTimeUse.Matching, cancellationToken).ConfigureAwait(false);

        // Reliability does not depend on the start: read with the reservations, once per member for the whole search.
        var records = _search.Reliability is { } store ? await store.GetReliabilityAsync(ids, cancellationToken).ConfigureAwait(false) : null;
        foreach (var i in indices)
        {
            ref var member = ref _members[i];
            member.Read = true;
            member.Busy = outside.Count > 0 ? outside.GetValueOrDefault(member.Entry.Id) : null;
            member.Reliability = records is null ? 0 : ScoringInterviewerMatcher.ReliabilityPoints(
                records.GetValueOrDefault(member.Entry.Id), _options.ReliabilityWeight, _options.ReliabilityMinimumInterviews);
        }

        foreach (var i in _pending)
        {
            ref var member = ref _members[i];
            member.Pending = false;
            Offer(ref member);
        }

        _pending.Clear();
    }

    /// <summary>Files the reservations active now by member (each member's contiguous in <see cref="_booked"/>) and counts their coming week.</summary>
    private void Keep(IReadOnlyList<Reservation> active, List<int> sortedIndices)
    {
        var owners = ArrayPool<int>.Shared.Rent(Math.Max(1, active.Count));
        try
        {
            string? lastKey = null;
            var owner = -1;
            for (var r = 0; r < active.Count; r++)
            {
                var reservation = active[r];
                var key = reservation.InterviewerId.Value;
                if (key is not null && !string.Equals(key, lastKey, StringComparison.Ordinal))
                {
                    lastKey = key;
                    owner = Find(sortedIndices, key); // stores answer grouped by interviewer: one look-up each
                }

                owners[r] = key is not null && reservation.IsActiveAt(_search.Now) ? owner : -1;
                if (owners[r] >= 0)
                {
                    _members[owners[r]].BookedCount++;
                }
            }

            var needed = _bookedCount;
            foreach (var i in sortedIndices)
            {
                _members[i].BookedStart = needed;
                needed += _members[i].BookedCount;
                _members[i].BookedCount = 0;
            }

            if (needed > _booked.Length)
            {
                var larger = ArrayPool<Interval>.Shared.Rent(Math.Max(needed, 2 * _booked.Length));
                _booked.AsSpan(0, _bookedCount).CopyTo(larger);
                ArrayPool<Interval>.Shared.Return(_booked);
                _booked = larger;
            }

            for (var r = 0; r < active.Count; r++)
            {
                if (owners[r] < 0)
                {
                    continue;
                }

                ref var member = ref _members[owners[r]];
                var slot = active[r].Slot;
                _booked[member.BookedStart + member.BookedCount++] = slot;
                member.Upcoming += Reservation.Overlaps(slot, _upcoming) ? 1 : 0;
            }

            _bookedCount = needed;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(owners);
        }
    }

    private int Find(List<int> sortedIndices, string key)
    {
        int low = 0, high = sortedIndices.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var comparison = string.CompareOrdinal(_members[sortedIndices[middle]].Entry.Key, key);
            if (comparison == 0)
            {
                return sortedIndices[middle];
            }

            if (comparison < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private ref readonly SlotReadings ReadingsIn(int zone, DateTimeZone timeZone)
    {
        if (_readAt[zone] != _stamp)
        {
            _readings[zone] = SlotReadings.Read(timeZone, _slot, _readings[zone]);
            _readAt[zone] = _stamp;
        }

        return ref _readings[zone];
    }

    // ---- the members, once per search ----

    /// <summary>Files everyone in the primary domain (everyone without the gate) who could ever rank, by their static score's bound.</summary>
    private void Gather()
    {
        if (!_snapshot.IsIndexed)
        {
            for (var ordinal = 0; ordinal < _snapshot.OrdinalLimit; ordinal++)
            {
                var entry = _snapshot[ordinal]!;
                if (!_options.RequirePrimaryDomain || _categories.Covers(entry.Categories, 0))
                {
                    Consider(ordinal, entry.Zone);
                }
            }

            return;
        }

        var keys = _search.CategoryKeys(_categories);
        var seen = keys.Length > 1 ? new HashSet<int>() : null; // aliases: one interviewer may sit under two keys
        foreach (var key in keys)
        {
            foreach (var zone in _snapshot.PostingsOf(key)?.Zones ?? [])
            {
                foreach (var ordinal in zone.All)
                {
                    if (seen?.Add(ordinal) != false)
                    {
                        Consider(ordinal, zone.Zone);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The checks of <see cref="MatchRun"/>'s candidates that do not depend on the start and need only the dense hot fields (a daily
    /// cap, a bound reaching the minimum); the interviewer's own entry is read when their level is first walked (<see cref="Resolve"/>).
    /// </summary>
    private void Consider(int ordinal, int zone)
    {
        ref readonly var hot = ref _snapshot.Hot(ordinal);
        if (hot.MaxPerDay <= 0)
        {
            return;
        }

        var experience = ScoringInterviewerMatcher.ScoreExperience(_search.Query.ExperienceYears, hot.Years, _options.PreferSeniorInterviewers, _options.ExperienceWeight);
        var bound = ScoringInterviewerMatcher.SkillPoints(
            _categories.CountMaybeCovered(hot.CategorySignature), _categories.Count,
            _skills.CountMaybeCovered(hot.SkillSignature), _skills.Count, _options.SkillsWeight);
        if (experience + bound + OpenWeight < _options.MinimumMatchScore)
        {
            return;
        }

        if (_count == _members.Length)
        {
            var larger = ArrayPool<Member>.Shared.Rent(_count * 2);
            _members.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<Member>.Shared.Return(_members, clearArray: true);
            _members = larger;
        }

        var level = experience + bound;
        _members[_count] = new Member
        {
            Ordinal = ordinal,
            Zone = zone,
            Notice = hot.NoticeNanoseconds,
            Horizon = hot.HorizonNanoseconds,
            Experience = experience,
            Skills = bound,
            Next = _heads[level],
        };
        _heads[level] = _count++;
    }

    /// <summary>A member's exact static score, or -1 when they are excluded or fall below the minimum even with a free day.</summary>
    private int Resolve(ref Member member)
    {
        member.Resolved = true;
        var entry = member.Entry = _snapshot[member.Ordinal]!;
        if (_excluded?.Contains(entry.Id) == true)
        {
            return -1;
        }

        member.Skills = ScoringInterviewerMatcher.SkillPoints(
            _categories.CountCovered(entry.Categories, entry.CategorySignature), _categories.Count,
            _skills.CountCovered(entry.Skills, entry.SkillSignature), _skills.Count, _options.SkillsWeight);
        return member.Static + OpenWeight < _options.MinimumMatchScore ? -1 : member.Static;
    }

    /// <summary>One interviewer who could rank, with their static points and, once read, their reservations over the range.</summary>
    private struct Member
    {
        public int Ordinal;

        /// <summary>The interviewer, once <see cref="Resolved"/>.</summary>
        public IndexedInterviewer Entry;
        public int Zone;
        public long Notice;
        public long Horizon;
        public int Experience;

        /// <summary>The skill points: a bound from the token signatures until <see cref="Resolved"/>, then exact.</summary>
        public int Skills;

        public bool Resolved;

        /// <summary>The next member of the same level, or -1.</summary>
        public int Next;

        /// <summary>Whether the reservations and busy time are read (<see cref="BookedStart"/>, <see cref="Busy"/>).</summary>
        public bool Read;

        /// <summary>Whether the member waits in the pending list for the current start.</summary>
        public bool Pending;

        public int BookedStart;
        public int BookedCount;

        /// <summary>Active reservations in the coming week, for the load-spreading tie-break.</summary>
        public int Upcoming;

        public BusyTime? Busy;

        /// <summary>Reliability points, once <see cref="Read"/>; 0 while off.</summary>
        public int Reliability;

        public readonly int Static => Experience + Skills;
    }
}
