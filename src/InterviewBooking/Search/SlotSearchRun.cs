using System.Buffers;

namespace InterviewBooking;

/// <summary>
/// A slot search in one pass: ranks every start of the grid for its best interviewer, as a <see cref="MatchRun"/> for that start
/// would (the same rules, scores and order), without starting over at each one.
/// </summary>
/// <remarks>
/// <para>What does not depend on the start is done once per search: the interviewers of the primary domain who could reach the
/// minimum score (daily cap above zero, not excluded), with their experience and skill points, filed in levels by that static
/// score (the interviewer's own entry is read only when their level is first walked); and each interviewer's active reservations and
/// outside busy time over the whole range, read once and kept.</para>
/// <para>Each start walks the levels from the top, checking the start's own rules (the zone's grid, notice and horizon, windows and
/// overrides on the interviewer's wall clock, then buffers, the daily cap and busy time from the kept reservations), and stops, like
/// <see cref="MatchRun.RankAsync"/>, once no lower level could reach the best total found even with a free day. The starts go
/// earliest first and the search stops at the slot limit.</para>
/// <para><b>What is read, and when.</b> A start is decided once every member the rules admit above where its walk stops has been
/// read; its outcome is then final (reads only add members). Starts are walked ahead in rounds, from the first undecided one over
/// as many starts as the slot limit can still reach: a member read so far counts with their exact score, an unread one the rules
/// admit is taken as free with a free day (which bounds how far that start's walk goes), and every unread member met is put in the
/// round's read, one query. The next round walks again only the starts still undecided. So a search reads about the members
/// that some start can offer, in a few queries; a guess that turns out wrong (an unread member booked after all) costs a round,
/// never a different result.</para>
/// <para>While <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0, each member's reliability is read in the same batches
/// as their reservations (one <see cref="IInterviewStore.GetReliabilityAsync"/> per batch) and kept for every start.</para>
/// </remarks>
internal sealed class SlotSearchRun : IDisposable
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
    private readonly bool[] _resolvedLevels = new bool[MatchScore.MaxTotal + 1];
    private readonly List<int> _aimed = [];
    private Member[] _members;
    private int _count;
    private Interval[] _booked;
    private int _bookedCount;

    /// <summary>Each start's outcome by its position in the grid, as far as the rounds have walked (<see cref="_walked"/>).</summary>
    private Outcome[] _outcomes;
    private int _walked;

    public SlotSearchRun(SlotSearch search, IndexSnapshot snapshot, IBusyTimeSource busyTime)
    {
        _search = search;
        _snapshot = snapshot;
        _busyTime = busyTime;
        _options = search.Options;
        _categories = search.Categories(snapshot);
        _skills = TokenGroups.Resolve(search.Wanted.Skills, search.Vocabulary, snapshot.Tokens);
        _excluded = search.Query.ExcludedInterviewers is { Count: > 0 } excluded ? [.. excluded] : null;
        _upcoming = new Interval(search.Now, search.Now + MatchRun.UpcomingPeriod);
        _members = ArrayPool<Member>.Shared.Rent(256);
        _booked = ArrayPool<Interval>.Shared.Rent(1024);
        _outcomes = ArrayPool<Outcome>.Shared.Rent(256);
        Array.Fill(_heads, -1);
        Gather();
    }

    private int AvailabilityWeight => _options.AvailabilityWeight;

    /// <summary>The most points the reads can still add to a static score: availability and reliability (0 while off).</summary>
    private int OpenWeight => _options.AvailabilityWeight + (_search.Reliability is null ? 0 : _options.ReliabilityWeight);

    public async ValueTask<SlotSearchResult> RunAsync(IReservationStore reservations, CancellationToken cancellationToken)
    {
        using var at = new SlotSearchStart(_search.Grid(_snapshot), _snapshot.ZoneCount, _search.Duration, _search.Now);
        using var ahead = new SlotSearchStart(at.Grid, _snapshot.ZoneCount, _search.Duration, _search.Now);
        var result = new SlotSearchResultBuilder(_search.Query.CandidateTimeZone, _search.MaxSlots);
        var truncated = false;
        for (var position = 0; at.MoveNext(); position++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (result.IsFull)
            {
                truncated = true;
                break;
            }

            if (_count == 0)
            {
                continue;
            }

            while (position >= _walked || _outcomes[position].Kind == Outcome.Undecided)
            {
                ahead.Follow(at.Grid.Fork());
                WalkAhead(ahead, position, _search.MaxSlots - result.Count);
                if (_aimed.Count > 0)
                {
                    await ReadAsync(reservations, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_outcomes[position] is { Kind: Outcome.Found } found)
            {
                result.Add(_members[found.Best].Entry.Profile, found.Score, at.Slot);
            }
        }

        return result.ToResult(_search.Searched, truncated);
    }

    public void Dispose()
    {
        ArrayPool<Member>.Shared.Return(_members, clearArray: true);
        ArrayPool<Interval>.Shared.Return(_booked);
        ArrayPool<Outcome>.Shared.Return(_outcomes);
        _members = [];
        _booked = [];
        _outcomes = [];
    }

    // ---- walking the starts ----

    /// <summary>
    /// One round: walks the starts from <paramref name="position"/> on (<paramref name="ahead"/> at it) that are not decided yet,
    /// until as many starts look free as the search may still add, and puts every unread member they need in <see cref="_aimed"/>.
    /// </summary>
    private void WalkAhead(SlotSearchStart ahead, int position, int slotsLeft)
    {
        var looksFree = 0;
        do
        {
            if (position < _walked && _outcomes[position].Kind != Outcome.Undecided)
            {
                looksFree += _outcomes[position].Kind == Outcome.Found ? 1 : 0;
            }
            else
            {
                looksFree += Walk(ahead, position) ? 1 : 0;
            }

            position++;
        }
        while (looksFree < slotsLeft && ahead.MoveNext());
    }

    /// <summary>
    /// Walks one start's levels from the top and records its outcome; whether someone is, or looks, free for it. An unread member the
    /// rules admit leaves the start undecided, joins the next read, and counts as free with a free day (no reliability points) for
    /// where this walk stops.
    /// </summary>
    private bool Walk(SlotSearchStart start, int position)
    {
        var best = -1;
        var score = default(MatchScore);
        var guessed = -1;
        var undecided = false;
        for (var level = MatchScore.MaxTotal; level >= 0; level--)
        {
            if (_heads[level] < 0)
            {
                continue;
            }

            // Nobody at this level or below can beat the best, even with a free day (ties on the total go by load, then id).
            var bar = Math.Max(best < 0 ? -1 : score.Total, guessed);
            if (bar >= 0 && level + OpenWeight < bar)
            {
                break;
            }

            ResolveLevel(level);
            for (var i = _heads[level]; i >= 0; i = _members[i].Next)
            {
                ref var member = ref _members[i];
                if (!IsFreeByRules(ref member, start))
                {
                    continue;
                }

                if (!member.Read)
                {
                    if (!member.Aimed)
                    {
                        member.Aimed = true;
                        _aimed.Add(i);
                    }

                    undecided = true;
                    var guess = member.Static + AvailabilityWeight;
                    if (guess >= _options.MinimumMatchScore)
                    {
                        guessed = Math.Max(guessed, guess);
                    }

                    continue;
                }

                if (TryScore(ref member, start, out var offered)
                    && (best < 0 || Ranked.Compare(new Ranked(member.Entry, offered, member.Upcoming), new Ranked(_members[best].Entry, score, _members[best].Upcoming)) < 0))
                {
                    best = i;
                    score = offered;
                }
            }
        }

        Record(position, undecided ? default : best >= 0 ? new Outcome(Outcome.Found, best, score) : new Outcome(Outcome.Nobody, -1, default));
        return best >= 0 || guessed >= 0;
    }

    private void Record(int position, Outcome outcome)
    {
        if (position == _outcomes.Length)
        {
            var larger = ArrayPool<Outcome>.Shared.Rent(2 * _outcomes.Length);
            _outcomes.AsSpan(0, _walked).CopyTo(larger);
            ArrayPool<Outcome>.Shared.Return(_outcomes);
            _outcomes = larger;
        }

        _outcomes[position] = outcome;
        _walked = Math.Max(_walked, position + 1);
    }

    /// <summary>
    /// The first time a level is walked, scores each member still filed by its bound exactly and moves them down to their level
    /// (walked later) or out. Levels are walked from the top, so whoever moves into a level later is already exact.
    /// </summary>
    private void ResolveLevel(int level)
    {
        if (_resolvedLevels[level])
        {
            return;
        }

        _resolvedLevels[level] = true;
        var previous = -1;
        for (var i = _heads[level]; i >= 0;)
        {
            ref var member = ref _members[i];
            var following = member.Next;
            var exact = member.Resolved ? level : Resolve(ref member);
            if (exact == level)
            {
                previous = i;
            }
            else
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
            }

            i = following;
        }
    }

    /// <summary>The start's own rules that need no reservation: the zone's grid, notice, horizon, windows and overrides.</summary>
    private static bool IsFreeByRules(ref Member member, SlotSearchStart start)
    {
        if (!start.Grid.IsOnGrid(member.Zone) || start.Lead < member.Notice || start.Lead > member.Horizon)
        {
            return false;
        }

        // The posting lists' test first (a window touching the start's local hour, or an extra window that date), then the exact one:
        // most members are refused on the hour alone, before the slot is read on their zone's clock.
        var entry = member.Entry;
        if (!member.WeekHours.Contains(start.WeekHourIn(member.Zone)) && !member.HasExtraDates)
        {
            return false;
        }

        ref readonly var readings = ref start.ReadingsIn(member.Zone, entry.TimeZone);
        return (member.WeekHours.Contains(readings.WeekHour) || (member.HasExtraDates && Array.IndexOf(entry.ExtraDates, readings.Date) >= 0))
            && entry.Allows(readings);
    }

    /// <summary>A read member's score for a start the rules admit them to, unless their reservations or busy time refuse it or it is below the minimum.</summary>
    private bool TryScore(ref Member member, SlotSearchStart start, out MatchScore score)
    {
        score = default;
        var entry = member.Entry;
        var slot = start.Slot;
        if (member.Busy?.Blocks(slot, entry.Occupies) == true)
        {
            return false;
        }

        ref readonly var readings = ref start.ReadingsIn(member.Zone, entry.TimeZone);
        var thatDay = 0;
        foreach (var reserved in _booked.AsSpan(member.BookedStart, member.BookedCount))
        {
            if (entry.Conflicts(reserved, slot))
            {
                return false;
            }

            if (reserved.Start >= readings.DayStart && reserved.Start < readings.DayEnd)
            {
                thatDay++;
            }
        }

        if (thatDay >= entry.MaxPerDay)
        {
            return false;
        }

        score = new MatchScore(member.Experience, member.Skills, ScoringInterviewerMatcher.AvailabilityPoints(thatDay, entry.MaxPerDay, AvailabilityWeight), member.Reliability);
        return score.Total >= _options.MinimumMatchScore;
    }

    // ---- reading ----

    /// <summary>Reads, in one query, the reservations, busy time and reliability over the whole range of the members in <see cref="_aimed"/>.</summary>
    private async ValueTask ReadAsync(IReservationStore reservations, CancellationToken cancellationToken)
    {
        var sorted = _aimed.ToArray();
        sorted.AsSpan().Sort(new ByKey(_members));
        _aimed.Clear();
        var ids = new InterviewerId[sorted.Length]; // the store may keep the collection it was given: never a pooled one
        var buffers = Duration.Zero;
        for (var k = 0; k < ids.Length; k++)
        {
            ref var member = ref _members[sorted[k]];
            member.Aimed = false;
            ids[k] = member.Entry.Id;
            buffers = Duration.Max(buffers, member.Entry.Occupies);
        }

        // Reservations over every local day a start falls on and the coming week (the daily cap and the load count them); busy
        // time only where a slot and its buffers can meet it, which stays inside what a calendar cache holds.
        var searched = _search.Searched;
        var days = new Interval(
            Instant.Min(_search.Now, searched.Start - DayMargin - buffers),
            Instant.Max(_upcoming.End, searched.End + _search.Duration + DayMargin + buffers));
        var slots = new Interval(searched.Start - buffers, searched.End + _search.Duration + buffers);
        var active = await reservations.GetActiveAsync(ids, days, cancellationToken).ConfigureAwait(false) ?? [];
        Keep(active, sorted);
        var outside = await _busyTime.GetBusyTimeAsync(ids, slots, BusyTimeUse.Matching, cancellationToken).ConfigureAwait(false);

        // Reliability does not depend on the start: read with the reservations, once per member for the whole search.
        var records = _search.Reliability is { } store ? await store.GetReliabilityAsync(ids, cancellationToken).ConfigureAwait(false) : null;
        foreach (var i in sorted)
        {
            ref var member = ref _members[i];
            member.Read = true;
            member.Busy = outside.Count > 0 ? outside.GetValueOrDefault(member.Entry.Id) : null;
            member.Reliability = records is null ? 0 : ScoringInterviewerMatcher.ReliabilityPoints(
                records.GetValueOrDefault(member.Entry.Id), _options.ReliabilityWeight, _options.ReliabilityMinimumInterviews);
        }
    }

    /// <summary>Files the reservations active now by member (each member's contiguous in <see cref="_booked"/>) and counts their coming week.</summary>
    private void Keep(IReadOnlyList<Reservation> active, int[] sortedIndices)
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

    private int Find(int[] sortedIndices, string key)
    {
        int low = 0, high = sortedIndices.Length - 1;
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
        member.WeekHours = entry.WeekHours;
        member.HasExtraDates = entry.ExtraDates.Length > 0;
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

        /// <summary>The entry's <see cref="IndexedInterviewer.WeekHours"/>, once <see cref="Resolved"/>: most starts refuse a member on it alone.</summary>
        public WeekHours WeekHours;

        /// <summary>Whether the entry has dates with an extra window, once <see cref="Resolved"/>.</summary>
        public bool HasExtraDates;

        /// <summary>The next member of the same level, or -1.</summary>
        public int Next;

        /// <summary>Whether the reservations and busy time are read (<see cref="BookedStart"/>, <see cref="Busy"/>).</summary>
        public bool Read;

        /// <summary>Whether the member is in the next read (<see cref="_aimed"/>).</summary>
        public bool Aimed;

        public int BookedStart;
        public int BookedCount;

        /// <summary>Active reservations in the coming week, for the load-spreading tie-break.</summary>
        public int Upcoming;

        public BusyTime? Busy;

        /// <summary>Reliability points, once <see cref="Read"/>; 0 while off.</summary>
        public int Reliability;

        public readonly int Static => Experience + Skills;
    }

    /// <summary>What the walk found for one start: nobody, the best member, or that it needs members not read yet.</summary>
    private readonly record struct Outcome(int Kind, int Best, MatchScore Score)
    {
        public const int Undecided = 0;
        public const int Nobody = 1;
        public const int Found = 2;
    }

    private readonly struct ByKey(Member[] members) : IComparer<int>
    {
        public int Compare(int x, int y) => string.CompareOrdinal(members[x].Entry.Key, members[y].Entry.Key);
    }
}
