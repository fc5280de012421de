using System.Buffers;

namespace InterviewBooking;

/// <summary>
/// One match over one <see cref="IndexSnapshot"/>: gathers the candidates the posting lists give for the slot, keeps those whose
/// rules allow it and scores their experience and skills (no I/O), then reads reservations for the best of them in batches, best
/// static score first, until nobody left could still make the ranking. Borrowed buffers go back to their pools on <see cref="Dispose"/>.
/// </summary>
internal sealed class MatchRun : IDisposable
{
    /// <summary>How far ahead "upcoming" reservations are counted for the load-spreading tie-break.</summary>
    internal static readonly Duration UpcomingPeriod = Duration.FromDays(7);

    /// <summary>
    /// The fewest candidates whose reservations are read in one query (whole score levels are read together). On PostgreSQL with the reads
    /// prepared, a read costs about 0.36 ms plus 14 us an interviewer at 100,000 (the 256 benchmark requests, <c>-- match-read</c>): at 64,
    /// 1.0 reads and 114 interviewers a match; at 32, 1.08 and 68; at 16, 1.29 and 46, the cheapest, and still so at a round trip of 0.5 ms.
    /// </summary>
    internal const int BatchTarget = 16;

    /// <summary>
    /// A level of more candidates than twice this is read in two parts, the first this many by id (see <see cref="RankAsync"/>): at 100,000
    /// interviewers a broad request ties hundreds on their experience and skills, and only their loads tell them apart.
    /// </summary>
    internal const int LevelPart = 2 * BatchTarget;

    /// <summary>Alternatives are looked for among the best <c>max(10, 3 * MaxAlternatives)</c> interviewers by experience and skills.</summary>
    private const int MinAlternativeInterviewers = 10;
    private const int AlternativeInterviewersPerSlot = 3;

    private static readonly int[] AnyCategory = [IndexSnapshot.AnyCategory];

    private readonly IndexSnapshot _snapshot;
    private readonly IBusyTimeSource _busyTime;
    private readonly InterviewRequest _request;
    private readonly Interval _slot;
    private readonly InterviewBookingOptions _options;
    private readonly Instant _now;
    private readonly long _lead;
    private readonly Interval _upcoming;
    private readonly TokenGroups _categories;
    private readonly TokenGroups _skills;
    private readonly HashSet<InterviewerId>? _excluded;
    private readonly SlotReadings[] _readings;
    private readonly bool[] _read;
    private readonly SlotGrid? _grid;
    private Candidate[] _candidates;
    private int _count;

    public MatchRun(IndexSnapshot snapshot, InterviewRequest request, Interval slot, RequestedTokens wanted, SkillVocabulary vocabulary, InterviewBookingOptions options, Instant now, IBusyTimeSource busyTime, SlotGrid? grid = null)
    {
        _snapshot = snapshot;
        _grid = grid; // a slot search's grid: only the zones whose grid holds the slot's start take part
        _busyTime = busyTime;
        _request = request;
        _slot = slot;
        _options = options;
        _now = now;
        _lead = IndexedInterviewer.LeadNanoseconds(slot.Start, now);
        _upcoming = new Interval(now, now + UpcomingPeriod);
        _categories = TokenGroups.Resolve(wanted.Categories, vocabulary, snapshot.Tokens);
        _skills = TokenGroups.Resolve(wanted.Skills, vocabulary, snapshot.Tokens);
        _excluded = request.ExcludedInterviewers is { Count: > 0 } excluded ? [.. excluded] : null;
        _readings = ArrayPool<SlotReadings>.Shared.Rent(snapshot.ZoneCount);
        _read = ArrayPool<bool>.Shared.Rent(snapshot.ZoneCount);
        Array.Clear(_read, 0, snapshot.ZoneCount);
        _candidates = ArrayPool<Candidate>.Shared.Rent(64);
    }

    /// <summary>
    /// Where the interviewers' reliability is read from; <see langword="null"/> while <see cref="InterviewBookingOptions.ReliabilityWeight"/>
    /// is 0, and then nothing is read.
    /// </summary>
    public IInterviewStore? Reliability { get; init; }

    private int AvailabilityWeight => _options.AvailabilityWeight;

    /// <summary>The most points the reads can still add to a static score: availability and reliability (0 while off).</summary>
    private int OpenWeight => _options.AvailabilityWeight + (Reliability is null ? 0 : _options.ReliabilityWeight);

    /// <summary>Ranks the interviewers free for the slot, best first, at most <paramref name="maxResults"/>.</summary>
    /// <remarks>
    /// Candidates sit in levels by their static score, highest first; a candidate gathered with only a bound (see
    /// <see cref="ConsiderForSlot"/>) is checked exactly when its level comes up and moves down to its exact level, or out.
    /// Whole levels go into a batch until it holds <see cref="BatchTarget"/> candidates; a batch's reservations are read in one query.
    /// Levels stop once the ranking is full and even a free day could not lift a level's best to the last kept total.
    /// A level larger than twice <see cref="LevelPart"/> is read in two parts, the first <see cref="LevelPart"/> by id: ties go to the
    /// fewest upcoming reservations, then to the lower id, so once the last kept has the level's best total and nothing upcoming, and an
    /// id below the first unread, nobody unread (at best the same total, nothing upcoming, a higher id) could enter, and the rest is never read.
    /// </remarks>
    public async Task<InterviewerMatch[]> RankAsync(IReservationStore reservations, int maxResults, CancellationToken cancellationToken)
    {
        GatherForSlot();
        if (_count == 0)
        {
            return [];
        }

        var next = ArrayPool<int>.Shared.Rent(_count);
        var batch = ArrayPool<int>.Shared.Rent(_count);
        try
        {
            var heads = new int[MatchScore.MaxTotal + 1];
            Array.Fill(heads, -1);
            for (var i = 0; i < _count; i++)
            {
                var level = _candidates[i].Static;
                next[i] = heads[level];
                heads[level] = i;
            }

            var top = new RankedList(maxResults);
            var batched = 0;
            for (var level = MatchScore.MaxTotal; level >= 0; level--)
            {
                if (heads[level] < 0)
                {
                    continue;
                }

                if (batched >= BatchTarget)
                {
                    await EvaluateAsync(reservations, batch.AsMemory(0, batched), top, cancellationToken).ConfigureAwait(false);
                    batched = 0;
                }

                if (top.CannotAdmit(level + OpenWeight))
                {
                    break;
                }

                var levelStart = batched;
                for (var i = heads[level]; i >= 0;)
                {
                    var following = next[i];
                    var exact = Resolve(ref _candidates[i]);
                    if (exact == level)
                    {
                        batch[batched++] = i;
                    }
                    else if (exact >= 0)
                    {
                        next[i] = heads[exact];
                        heads[exact] = i;
                    }

                    i = following;
                }

                heads[level] = -1;
                if (batched - levelStart > 2 * LevelPart)
                {
                    var unread = levelStart + LevelPart;
                    batch.AsSpan(levelStart, batched - levelStart).Sort(new ByKey(_candidates));
                    await EvaluateAsync(reservations, batch.AsMemory(0, unread), top, cancellationToken).ConfigureAwait(false);
                    if (top.CannotAdmit(level + OpenWeight, _candidates[batch[unread]].Entry.Key))
                    {
                        batched = 0;
                        break;
                    }

                    await EvaluateAsync(reservations, batch.AsMemory(unread, batched - unread), top, cancellationToken).ConfigureAwait(false);
                    batched = 0;
                }
            }

            if (batched > 0)
            {
                await EvaluateAsync(reservations, batch.AsMemory(0, batched), top, cancellationToken).ConfigureAwait(false);
            }

            var matches = new InterviewerMatch[top.Count];
            for (var i = 0; i < matches.Length; i++)
            {
                matches[i] = new InterviewerMatch(top[i].Entry.Profile, top[i].Score, _slot);
            }

            return matches;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(batch);
        }
    }

    /// <summary>The nearest free slots of the best interviewers by experience and skills, nearest first; see <see cref="ScoringInterviewerMatcher"/>.</summary>
    public async Task<IReadOnlyList<SlotAlternative>> FindAlternativesAsync(IReservationStore reservations, CancellationToken cancellationToken)
    {
        var pool = BestByStaticScore(Math.Max(MinAlternativeInterviewers, AlternativeInterviewersPerSlot * _options.MaxAlternatives));
        if (pool.Count == 0)
        {
            return [];
        }

        var duration = _slot.Duration;
        var from = Instant.Max(_now, _slot.Start - _options.AlternativeSearchRange);
        var to = _slot.Start + _options.AlternativeSearchRange;
        var margin = Duration.FromDays(1);
        foreach (var candidate in pool)
        {
            margin = Duration.Max(margin, candidate.Entry.Occupies + Duration.FromDays(1));
        }

        var window = new Interval(Instant.Min(_now, from - margin), Instant.Max(_upcoming.End, to + duration + margin));
        var ids = pool.ConvertAll(static c => c.Entry.Id);
        var active = await reservations.GetActiveSlotsAsync(ids, window, cancellationToken).ConfigureAwait(false) ?? [];
        var busy = pool.ConvertAll(static _ => new List<ReservedSlot>());
        foreach (var reservation in active)
        {
            var index = reservation.IsActiveAt(_now) ? ids.IndexOf(reservation.InterviewerId) : -1;
            if (index >= 0)
            {
                busy[index].Add(reservation);
            }
        }

        var outside = await _busyTime.GetBusyTimeAsync(ids, window, BusyTimeUse.Matching, cancellationToken).ConfigureAwait(false);
        if (Reliability is not null)
        {
            var records = await Reliability.GetReliabilityAsync(ids, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < pool.Count; i++)
            {
                var candidate = pool[i];
                candidate.Reliability = ReliabilityPoints(records, candidate.Entry.Id);
                pool[i] = candidate;
            }
        }

        var nearest = new NearestList(_options.MaxAlternatives, _slot.Start);
        var windows = new List<(LocalTime Start, LocalTime End)>();
        for (var i = 0; i < pool.Count; i++)
        {
            var candidate = pool[i];
            foreach (var reservation in busy[i])
            {
                candidate.Upcoming += Reservation.Overlaps(reservation.Slot, _upcoming) ? 1 : 0;
            }

            var zone = candidate.Entry.TimeZone;
            // The requested date first, then outward a day either side: the nearest starts fill the list early, and every farther
            // date then fails the distance check before its windows are walked (the order never changes what is kept).
            foreach (var date in DatesOutward(_slot.Start.InZone(zone).Date, from.InZone(zone).Date, to.InZone(zone).Date))
            {
                if (nearest.IsFull && nearest.WorstDistance < DistanceTo(zone.AtStartOfDay(date).ToInstant(), zone.AtStartOfDay(date.PlusDays(1)).ToInstant()))
                {
                    continue;
                }

                candidate.Entry.AddWindowStarts(date, windows);
                foreach (var (windowStart, windowEnd) in windows)
                {
                    // Walk the window from its first instant in steps; each slot is then checked exactly (DST included).
                    var limit = windowEnd == LocalTime.Midnight
                        ? zone.AtStartOfDay(date.PlusDays(1)).ToInstant()
                        : SlotReadings.FirstInstantReading(zone, date.At(windowEnd)) + Duration.FromHours(1);
                    for (var start = SlotReadings.FirstInstantReading(zone, date.At(windowStart)); start + duration <= limit && start <= to; start += _options.AlternativeSlotStep)
                    {
                        if (start >= from && !nearest.IsFartherThanAll(start) && ScoreAt(candidate, busy[i], outside.GetValueOrDefault(candidate.Entry.Id), new Interval(start, start + duration)) is { } score)
                        {
                            nearest.Offer(new Ranked(candidate.Entry, score, candidate.Upcoming), new Interval(start, start + duration));
                        }
                    }
                }
            }
        }

        return nearest.ToAlternatives(_request.CandidateTimeZone);
    }

    public void Dispose()
    {
        ArrayPool<SlotReadings>.Shared.Return(_readings);
        ArrayPool<bool>.Shared.Return(_read);
        ArrayPool<Candidate>.Shared.Return(_candidates, clearArray: true);
        _candidates = [];
    }

    /// <summary>Every date from <paramref name="first"/> to <paramref name="last"/>, nearest to <paramref name="center"/> first (the earlier of two).</summary>
    private static IEnumerable<LocalDate> DatesOutward(LocalDate center, LocalDate first, LocalDate last)
    {
        center = center < first ? first : center > last ? last : center;
        yield return center;
        for (var n = 1; center.PlusDays(-n) >= first || center.PlusDays(n) <= last; n++)
        {
            if (center.PlusDays(-n) >= first)
            {
                yield return center.PlusDays(-n);
            }

            if (center.PlusDays(n) <= last)
            {
                yield return center.PlusDays(n);
            }
        }
    }

    private Duration DistanceTo(Instant from, Instant to) =>
        _slot.Start < from ? from - _slot.Start : _slot.Start >= to ? _slot.Start - to : Duration.Zero;

    // ---- candidates for the requested slot ----

    private void GatherForSlot()
    {
        if (!_snapshot.IsIndexed)
        {
            for (var ordinal = 0; ordinal < _snapshot.OrdinalLimit; ordinal++)
            {
                var entry = _snapshot[ordinal]!;
                if ((!_options.RequirePrimaryDomain || _categories.Covers(entry.Categories, 0)) && _grid?.IsOnGrid(entry.Zone) != false)
                {
                    ReadingsIn(entry.Zone, entry.TimeZone);
                    ConsiderForSlot(ordinal);
                }
            }

            return;
        }

        var keys = CategoryKeys();
        var seen = keys.Length > 1 ? new HashSet<int>() : null; // aliases: one interviewer may sit under two keys
        foreach (var key in keys)
        {
            foreach (var zone in _snapshot.PostingsOf(key)?.Zones ?? [])
            {
                if (_grid?.IsOnGrid(zone.Zone) == false)
                {
                    continue;
                }

                ref readonly var readings = ref ReadingsIn(zone.Zone, zone.TimeZone);
                var hours = zone.Hours[readings.WeekHour];
                var extras = zone.Extras.Count == 0 ? ZonePostings.None : zone.Extras.GetValueOrDefault(readings.Date, ZonePostings.None);
                var off = zone.DaysOff.Count == 0 ? ZonePostings.None : zone.DaysOff.GetValueOrDefault(readings.Date, ZonePostings.None);
                int i = 0, j = 0, k = 0;
                while (i < hours.Length || j < extras.Length)
                {
                    // Both lists ascend: walk them as one, each ordinal once.
                    int ordinal;
                    if (j == extras.Length || (i < hours.Length && hours[i] < extras[j]))
                    {
                        ordinal = hours[i++];
                    }
                    else
                    {
                        ordinal = extras[j++];
                        if (i < hours.Length && hours[i] == ordinal)
                        {
                            i++;
                        }
                    }

                    // A day off refuses the date whatever the windows (as Resolve would): skipped before its hot fields are read.
                    while (k < off.Length && off[k] < ordinal)
                    {
                        k++;
                    }

                    if (k < off.Length && off[k] == ordinal)
                    {
                        continue;
                    }

                    if (seen?.Add(ordinal) != false)
                    {
                        ConsiderForSlot(ordinal);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Keeps the interviewer at <paramref name="ordinal"/> as a candidate when the checks on their hot fields pass (daily cap, notice,
    /// horizon), they are not excluded, and their static score could reach the minimum. The static score is a bound from the token
    /// signatures; the window check and exact coverage wait for <see cref="Resolve"/>, which only the candidates in levels that can
    /// still rank ever reach.
    /// </summary>
    private void ConsiderForSlot(int ordinal)
    {
        ref readonly var hot = ref _snapshot.Hot(ordinal);
        if (!hot.AllowsLead(_lead))
        {
            return;
        }

        var skills = SkillBound(hot, out var experience);
        if (experience + skills + OpenWeight < _options.MinimumMatchScore)
        {
            return;
        }

        var entry = _snapshot[ordinal]!;
        if (_excluded?.Contains(entry.Id) == true)
        {
            return;
        }

        if (_count == _candidates.Length)
        {
            var larger = ArrayPool<Candidate>.Shared.Rent(_count * 2);
            _candidates.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<Candidate>.Shared.Return(_candidates, clearArray: true);
            _candidates = larger;
        }

        _candidates[_count++] = new Candidate { Entry = entry, Experience = experience, Skills = skills };
    }

    /// <summary>A bound on the skill points from the token signatures (never below the exact points), and the exact experience points.</summary>
    private int SkillBound(in HotFields hot, out int experience)
    {
        experience = ScoringInterviewerMatcher.ScoreExperience(_request.ExperienceYears, hot.Years, _options.PreferSeniorInterviewers, _options.ExperienceWeight);
        return ScoringInterviewerMatcher.SkillPoints(
            _categories.CountMaybeCovered(hot.CategorySignature), _categories.Count,
            _skills.CountMaybeCovered(hot.SkillSignature), _skills.Count, _options.SkillsWeight);
    }

    /// <summary>Checks a bounded candidate exactly: its exact static score, or -1 when its windows refuse the slot or it falls below the minimum.</summary>
    private int Resolve(ref Candidate candidate)
    {
        if (candidate.Resolved)
        {
            return candidate.Static;
        }

        candidate.Resolved = true;
        var entry = candidate.Entry;
        if (!entry.Allows(_readings[entry.Zone]))
        {
            return -1;
        }

        candidate.Skills = SkillPoints(entry);
        return candidate.Static + OpenWeight < _options.MinimumMatchScore ? -1 : candidate.Static;
    }

    private int Experience(IndexedInterviewer entry) =>
        ScoringInterviewerMatcher.ScoreExperience(_request.ExperienceYears, entry.Years, _options.PreferSeniorInterviewers, _options.ExperienceWeight);

    private int SkillPoints(IndexedInterviewer entry) =>
        ScoringInterviewerMatcher.SkillPoints(
            _categories.CountCovered(entry.Categories, entry.CategorySignature), _categories.Count,
            _skills.CountCovered(entry.Skills, entry.SkillSignature), _skills.Count, _options.SkillsWeight);

    private ref readonly SlotReadings ReadingsIn(int zone, DateTimeZone timeZone)
    {
        if (!_read[zone])
        {
            _readings[zone] = SlotReadings.Read(timeZone, _slot);
            _read[zone] = true;
        }

        return ref _readings[zone];
    }

    private ReadOnlySpan<int> CategoryKeys() => _options.RequirePrimaryDomain ? _categories[0] : AnyCategory;

    /// <summary>Reads the reservations of one batch in one query and offers every candidate still free to <paramref name="top"/>.</summary>
    private async Task EvaluateAsync(IReservationStore reservations, Memory<int> batch, RankedList top, CancellationToken cancellationToken)
    {
        var n = batch.Length;
        var byKey = ArrayPool<int>.Shared.Rent(n);
        var ids = new InterviewerId[n]; // the store may keep the collection it was given: never a pooled one
        try
        {
            batch.Span.CopyTo(byKey);
            byKey.AsSpan(0, n).Sort(new ByKey(_candidates));
            var from = Instant.Min(_now, _slot.Start);
            var to = Instant.Max(_upcoming.End, _slot.End);
            for (var i = 0; i < n; i++)
            {
                var entry = _candidates[byKey[i]].Entry;
                ids[i] = entry.Id;
                var readings = _readings[entry.Zone];
                from = Instant.Min(from, Instant.Min(readings.DayStart, _slot.Start - entry.Occupies));
                to = Instant.Max(to, Instant.Max(readings.DayEnd, _slot.End + entry.Occupies));
            }

            // Only the slots: a match never reads the rest of a reservation, and the PostgreSQL store then reads four narrow columns a row.
            var active = await reservations.GetActiveSlotsAsync(ids, new Interval(from, to), cancellationToken)
                .ConfigureAwait(false) ?? [];
            Tally(active, byKey.AsSpan(0, n));

            // Outside busy time (an interviewer's own calendar) blocks like a reservation but never counts toward the daily cap.
            var outside = await _busyTime.GetBusyTimeAsync(ids, new Interval(from, to), BusyTimeUse.Matching, cancellationToken).ConfigureAwait(false);
            if (outside.Count > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    ref var candidate = ref _candidates[byKey[i]];
                    candidate.Conflicts |= outside.TryGetValue(candidate.Entry.Id, out var busy) && busy.Blocks(_slot, candidate.Entry.Occupies);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(byKey);
        }

        if (Reliability is not null)
        {
            await ReadReliabilityAsync(Reliability, batch, cancellationToken).ConfigureAwait(false);
        }

        foreach (var index in batch.Span)
        {
            ref var candidate = ref _candidates[index];
            var max = candidate.Entry.MaxPerDay;
            if (IsBusy(candidate))
            {
                continue;
            }

            var score = new MatchScore(candidate.Experience, candidate.Skills, ScoringInterviewerMatcher.AvailabilityPoints(candidate.ActiveThatDay, max, AvailabilityWeight), candidate.Reliability);
            if (score.Total >= _options.MinimumMatchScore)
            {
                top.Offer(new Ranked(candidate.Entry, score, candidate.Upcoming));
            }
        }
    }

    private static bool IsBusy(in Candidate candidate) => candidate.Conflicts || candidate.ActiveThatDay >= candidate.Entry.MaxPerDay;

    /// <summary>Reads, in one query, the reliability of the batch's candidates still free for the slot, and keeps their points.</summary>
    private async Task ReadReliabilityAsync(IInterviewStore store, Memory<int> batch, CancellationToken cancellationToken)
    {
        var ids = new List<InterviewerId>(batch.Length);
        foreach (var index in batch.Span)
        {
            if (!IsBusy(_candidates[index]))
            {
                ids.Add(_candidates[index].Entry.Id);
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        var records = await store.GetReliabilityAsync(ids, cancellationToken).ConfigureAwait(false);
        foreach (var index in batch.Span)
        {
            ref var candidate = ref _candidates[index];
            candidate.Reliability = IsBusy(candidate) ? 0 : ReliabilityPoints(records, candidate.Entry.Id);
        }
    }

    private int ReliabilityPoints(IReadOnlyDictionary<InterviewerId, InterviewerReliability>? records, InterviewerId id) =>
        ScoringInterviewerMatcher.ReliabilityPoints(records?.GetValueOrDefault(id), _options.ReliabilityWeight, _options.ReliabilityMinimumInterviews);

    /// <summary>Counts each active reservation against its candidate: a conflict with the slot (buffers included), the slot's local day, the coming week.</summary>
    private void Tally(IReadOnlyList<ReservedSlot> active, ReadOnlySpan<int> byKey)
    {
        string? lastKey = null;
        var index = -1;
        for (var i = 0; i < active.Count; i++)
        {
            var reservation = active[i];
            var key = reservation.InterviewerId.Value;
            if (key is null || !reservation.IsActiveAt(_now))
            {
                continue;
            }

            if (!string.Equals(key, lastKey, StringComparison.Ordinal))
            {
                lastKey = key;
                index = Find(byKey, key);
            }

            if (index < 0)
            {
                continue;
            }

            ref var candidate = ref _candidates[index];
            var readings = _readings[candidate.Entry.Zone];
            candidate.Conflicts |= candidate.Entry.Conflicts(reservation.Slot, _slot);
            if (reservation.Slot.Start >= readings.DayStart && reservation.Slot.Start < readings.DayEnd)
            {
                candidate.ActiveThatDay++;
            }

            if (Reservation.Overlaps(reservation.Slot, _upcoming))
            {
                candidate.Upcoming++;
            }
        }
    }

    private int Find(ReadOnlySpan<int> byKey, string key)
    {
        int low = 0, high = byKey.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var comparison = string.CompareOrdinal(_candidates[byKey[middle]].Entry.Key, key);
            if (comparison == 0)
            {
                return byKey[middle];
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

    // ---- alternatives ----

    /// <summary>The best <paramref name="count"/> interviewers who pass the gate, by static score then id, whatever the slot.</summary>
    /// <remarks>
    /// On an index, the category's token lists are read rarest requested token first (<see cref="ZonePostings.BySkill"/>,
    /// <see cref="ZonePostings.ByCategory"/>); once the pool is full and even full experience with every token not yet read could
    /// not lift an interviewer to the pool's last static score, nobody outside the lists read can enter, and the rest of the category
    /// is never read. Only when that bound never closes (few tokens asked, a light skills weight) is the whole category read.
    /// Each interviewer offered reads their hot fields; the exact score is computed when the signature bound could still enter.
    /// </remarks>
    private List<Candidate> BestByStaticScore(int count)
    {
        var best = new List<Candidate>(count + 1);
        if (!_snapshot.IsIndexed)
        {
            for (var ordinal = 0; ordinal < _snapshot.OrdinalLimit; ordinal++)
            {
                if (!_options.RequirePrimaryDomain || _categories.Covers(_snapshot[ordinal]!.Categories, 0))
                {
                    OfferStatic(best, count, ordinal);
                }
            }

            return best;
        }

        var keys = CategoryKeys();
        var lists = TokenListsRarestFirst(keys);
        var coveredByAll = _options.RequirePrimaryDomain ? 1 : 0; // the gate: everyone here covers the primary category
        var categoriesLeft = 0;
        var skillsLeft = 0;
        foreach (var list in lists)
        {
            if (list.IsSkill)
            {
                skillsLeft++;
            }
            else
            {
                categoriesLeft++;
            }
        }

        foreach (var list in lists)
        {
            if (CannotEnter(best, count, coveredByAll + categoriesLeft, skillsLeft))
            {
                return best;
            }

            foreach (var key in keys)
            {
                foreach (var zone in _snapshot.PostingsOf(key)?.Zones ?? [])
                {
                    var byToken = list.IsSkill ? zone.BySkill : zone.ByCategory;
                    foreach (var id in list.Ids(this))
                    {
                        foreach (var ordinal in byToken.GetValueOrDefault(id, ZonePostings.None))
                        {
                            OfferStatic(best, count, ordinal);
                        }
                    }
                }
            }

            if (list.IsSkill)
            {
                skillsLeft--;
            }
            else
            {
                categoriesLeft--;
            }
        }

        if (CannotEnter(best, count, coveredByAll, 0))
        {
            return best;
        }

        // Whoever covers no requested token could still enter: read the whole category (offering someone twice changes nothing).
        foreach (var key in keys)
        {
            foreach (var zone in _snapshot.PostingsOf(key)?.Zones ?? [])
            {
                foreach (var ordinal in zone.All)
                {
                    OfferStatic(best, count, ordinal);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Whether the pool is full and nobody covering at most <paramref name="categories"/> requested categories and
    /// <paramref name="skills"/> requested skills could enter it, even with full experience points.
    /// </summary>
    private bool CannotEnter(List<Candidate> best, int count, int categories, int skills) =>
        best.Count == count
        && _options.ExperienceWeight + ScoringInterviewerMatcher.SkillPoints(categories, _categories.Count, skills, _skills.Count, _options.SkillsWeight) < best[^1].Static;

    /// <summary>
    /// The requested token groups whose lists can narrow the pool (not the primary category under the gate: everyone covers it),
    /// and known to some interviewer, fewest listed interviewers in the category first.
    /// </summary>
    private List<TokenList> TokenListsRarestFirst(ReadOnlySpan<int> keys)
    {
        var lists = new List<TokenList>(_categories.Count + _skills.Count);
        for (var k = _options.RequirePrimaryDomain ? 1 : 0; k < _categories.Count; k++)
        {
            AddIfKnown(lists, keys, isSkill: false, k);
        }

        for (var k = 0; k < _skills.Count; k++)
        {
            AddIfKnown(lists, keys, isSkill: true, k);
        }

        lists.Sort(static (x, y) => x.Size.CompareTo(y.Size));
        return lists;
    }

    private void AddIfKnown(List<TokenList> lists, ReadOnlySpan<int> keys, bool isSkill, int group)
    {
        var list = new TokenList(isSkill, group, 0);
        var size = 0;
        foreach (var key in keys)
        {
            foreach (var zone in _snapshot.PostingsOf(key)?.Zones ?? [])
            {
                var byToken = isSkill ? zone.BySkill : zone.ByCategory;
                foreach (var id in list.Ids(this))
                {
                    size += byToken.GetValueOrDefault(id, ZonePostings.None).Length;
                }
            }
        }

        if (size > 0)
        {
            lists.Add(list with { Size = size });
        }
    }

    private void OfferStatic(List<Candidate> best, int count, int ordinal)
    {
        ref readonly var hot = ref _snapshot.Hot(ordinal);
        if (hot.MaxPerDay <= 0)
        {
            return;
        }

        var bound = SkillBound(hot, out var experience) + experience;
        if (bound + OpenWeight < _options.MinimumMatchScore || (best.Count == count && bound < best[^1].Static))
        {
            return;
        }

        var entry = _snapshot[ordinal]!;
        if (_excluded?.Contains(entry.Id) == true)
        {
            return;
        }

        var candidate = new Candidate { Entry = entry, Experience = experience, Skills = SkillPoints(entry), Resolved = true };
        if (candidate.Static + OpenWeight < _options.MinimumMatchScore || (best.Count == count && StaticOrder(candidate, best[^1]) >= 0))
        {
            return;
        }

        var at = best.Count;
        for (var i = 0; i < best.Count; i++)
        {
            if (ReferenceEquals(best[i].Entry, entry))
            {
                return; // listed under two keys (aliases)
            }

            if (at == best.Count && StaticOrder(candidate, best[i]) < 0)
            {
                at = i;
            }
        }

        best.Insert(at, candidate);
        if (best.Count > count)
        {
            best.RemoveAt(count);
        }
    }

    private static int StaticOrder(Candidate x, Candidate y)
    {
        var byScore = y.Static.CompareTo(x.Static);
        return byScore != 0 ? byScore : string.CompareOrdinal(x.Entry.Key, y.Entry.Key);
    }

    /// <summary>The score of <paramref name="candidate"/> for another slot, or <see langword="null"/> when their rules or busy time refuse it.</summary>
    private MatchScore? ScoreAt(Candidate candidate, List<ReservedSlot> busy, BusyTime? outside, Interval slot)
    {
        var entry = candidate.Entry;
        if (!entry.AllowsStart(slot.Start, _now) || outside?.Blocks(slot, entry.Occupies) == true)
        {
            return null;
        }

        var readings = SlotReadings.Read(entry.TimeZone, slot);
        if (!entry.Allows(readings))
        {
            return null;
        }

        var thatDay = 0;
        foreach (var reservation in busy)
        {
            if (entry.Conflicts(reservation.Slot, slot))
            {
                return null;
            }

            if (reservation.Slot.Start >= readings.DayStart && reservation.Slot.Start < readings.DayEnd)
            {
                thatDay++;
            }
        }

        if (thatDay >= entry.MaxPerDay)
        {
            return null;
        }

        var score = new MatchScore(candidate.Experience, candidate.Skills, ScoringInterviewerMatcher.AvailabilityPoints(thatDay, entry.MaxPerDay, AvailabilityWeight), candidate.Reliability);
        return score.Total >= _options.MinimumMatchScore ? score : null;
    }

    /// <summary>One interviewer under consideration, with their static points and what the reservations said about them.</summary>
    private struct Candidate
    {
        public IndexedInterviewer Entry;
        public int Experience;
        public int Skills;
        public int ActiveThatDay;
        public int Upcoming;
        public bool Conflicts;

        /// <summary>Reliability points, read once the reservations showed them free; 0 while off.</summary>
        public int Reliability;

        /// <summary>Whether <see cref="Skills"/> is exact and the windows were checked; otherwise it is a bound from the signatures.</summary>
        public bool Resolved;

        public readonly int Static => Experience + Skills;
    }

    /// <summary>One requested token group (a category or a skill, with its aliases) and how many of the category list it.</summary>
    private readonly record struct TokenList(bool IsSkill, int Group, int Size)
    {
        public ReadOnlySpan<int> Ids(MatchRun run) => IsSkill ? run._skills[Group] : run._categories[Group];
    }

    private readonly struct ByKey(Candidate[] candidates) : IComparer<int>
    {
        public int Compare(int x, int y) => string.CompareOrdinal(candidates[x].Entry.Key, candidates[y].Entry.Key);
    }
}
