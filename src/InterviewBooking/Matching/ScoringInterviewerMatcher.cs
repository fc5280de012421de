using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// The default <see cref="IInterviewerMatcher"/>: keeps the interviewers who are free for the requested slot and scores each
/// from 0 to 100 with an explainable breakdown (<see cref="MatchScore"/>).
/// </summary>
/// <remarks>
/// <para><b>Who is considered.</b> The directory's active interviewers: those covering the candidate's first skill category
/// (the primary domain) when <see cref="InterviewBookingOptions.RequirePrimaryDomain"/> is set, otherwise all of them.
/// Inactive interviewers and those in <see cref="InterviewRequest.ExcludedInterviewers"/> are skipped.</para>
/// <para><b>Who is free.</b> The requested slot, converted to the interviewer's own <see cref="InterviewerProfile.TimeZone"/>,
/// must lie inside one of their <see cref="InterviewerProfile.WeeklyAvailability"/> windows on one local day: a slot that spans
/// local midnight is inside no window (one that ends exactly at midnight fits a window that runs to the end of the day), and
/// an interviewer with no windows is never available. An interviewer is also skipped when one of their active reservations
/// overlaps the slot (slots that only touch do not), or when they already have
/// <see cref="InterviewerProfile.MaxInterviewsPerDay"/> active reservations starting on the slot's local day in their zone.
/// Reservations are read with one <see cref="IReservationStore.GetActiveAsync"/> call for all candidates.</para>
/// <para><b>Score</b> (each part an integer; fractions round half up):</para>
/// <list type="bullet">
/// <item><description>Experience, 0..30. With <see cref="InterviewBookingOptions.PreferSeniorInterviewers"/>: an interviewer at
/// least as experienced as the candidate gets <c>20 + min(gap, 10)</c>, where gap is the difference in years; a less experienced one
/// gets <c>max(0, 20 - 5 * shortfall)</c>. Without it: <c>2 * min(years, 15)</c> from the interviewer's years alone.</description></item>
/// <item><description>Skills, 0..40: <c>40 * (categoryCoverage / 2 + skillCoverage / 2)</c>, where a coverage is the share of the
/// distinct categories (or specific skills) the candidate asked for that the interviewer lists. When the candidate asked for no
/// specific skill it is <c>40 * categoryCoverage</c>. Tokens compare whole and case-insensitively (<see cref="SkillToken"/>):
/// "Java" never matches "JavaScript".</description></item>
/// <item><description>Availability, 0..30: <c>30 * (1 - activeThatLocalDay / MaxInterviewsPerDay)</c>, so an interviewer with a
/// lighter day scores higher.</description></item>
/// </list>
/// <para><b>Ranking.</b> Matches below <see cref="InterviewBookingOptions.MinimumMatchScore"/> are dropped. The rest are ordered by
/// total, highest first; then by fewest active reservations in the coming 7 days (from the clock's now), which spreads load;
/// then by interviewer id (ordinal). The same input always gives the same ranking.</para>
/// </remarks>
public sealed class ScoringInterviewerMatcher : IInterviewerMatcher
{
    /// <summary>How far ahead "upcoming" reservations are counted for the load-spreading tie-break.</summary>
    private static readonly Duration UpcomingPeriod = Duration.FromDays(7);

    private readonly IInterviewerDirectory _directory;
    private readonly IReservationStore _reservations;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;

    /// <summary>Creates the matcher.</summary>
    public ScoringInterviewerMatcher(
        IInterviewerDirectory directory,
        IReservationStore reservations,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxResults"/> is less than 1.</exception>
    /// <exception cref="InvalidInterviewRequestException">
    /// <see cref="InterviewRequest.RequestedSlot"/> lacks a start or an end or has no length, or
    /// <see cref="InterviewRequest.SkillCategories"/> has no non-blank entry.
    /// </exception>
    public async ValueTask<MatchResult> MatchAsync(InterviewRequest request, int maxResults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var slot = ValidateSlot(request.RequestedSlot);
        var wanted = RequestedTokens.From(request);

        var options = _options.CurrentValue;
        var now = _clock.GetCurrentInstant();

        // 1. Candidates: from the directory, then the checks that need no I/O.
        var found = await _directory.FindAsync(options.RequirePrimaryDomain ? wanted.PrimaryCategory : null, cancellationToken)
            .ConfigureAwait(false) ?? [];
        var candidates = new Candidate[found.Count];
        var indexById = new Dictionary<InterviewerId, int>(found.Count);
        var excluded = ExcludedSet(request.ExcludedInterviewers);
        var count = 0;
        foreach (var interviewer in found)
        {
            if (interviewer is not { IsActive: true }
                || excluded?.Contains(interviewer.Id) == true
                || (options.RequirePrimaryDomain && !Covers(interviewer.SkillCategories, wanted.PrimaryCategory))
                || !IsWithinWeeklyAvailability(interviewer, slot, out var localDate)
                || !indexById.TryAdd(interviewer.Id, count))
            {
                continue;
            }

            candidates[count++] = new Candidate
            {
                Interviewer = interviewer,
                DayStart = interviewer.TimeZone.AtStartOfDay(localDate).ToInstant(),
                DayEnd = interviewer.TimeZone.AtStartOfDay(localDate.PlusDays(1)).ToInstant(),
            };
        }

        if (count == 0)
        {
            return MatchResult.Empty;
        }

        // 2. Reservations: one query covering every candidate's local day of the slot and the coming week.
        var upcoming = new Interval(now, now + UpcomingPeriod);
        var active = await _reservations.GetActiveAsync(
            indexById.Keys, QueryWindow(candidates.AsSpan(0, count), slot, upcoming), cancellationToken).ConfigureAwait(false) ?? [];
        foreach (var reservation in active)
        {
            if (!reservation.IsActiveAt(now) || !indexById.TryGetValue(reservation.InterviewerId, out var index))
            {
                continue;
            }

            ref var candidate = ref candidates[index];
            if (Reservation.Overlaps(reservation.Slot, slot))
            {
                candidate.Conflicts = true;
            }

            if (reservation.Slot.Start >= candidate.DayStart && reservation.Slot.Start < candidate.DayEnd)
            {
                candidate.ActiveThatDay++;
            }

            if (Reservation.Overlaps(reservation.Slot, upcoming))
            {
                candidate.Upcoming++;
            }
        }

        // 3. Score, keep those free and good enough, rank.
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var candidate = candidates[i];
            var interviewer = candidate.Interviewer;
            if (candidate.Conflicts || candidate.ActiveThatDay >= interviewer.MaxInterviewsPerDay)
            {
                continue;
            }

            candidate.Score = new MatchScore(
                ScoreExperience(request.ExperienceYears, interviewer.ExperienceYears, options.PreferSeniorInterviewers),
                ScoreSkills(wanted.Categories, wanted.Skills, interviewer.SkillCategories, interviewer.Skills),
                ScoreAvailability(candidate.ActiveThatDay, interviewer.MaxInterviewsPerDay));
            if (candidate.Score.Total >= options.MinimumMatchScore)
            {
                candidates[kept++] = candidate;
            }
        }

        if (kept == 0)
        {
            return MatchResult.Empty;
        }

        Array.Sort(candidates, 0, kept, RankComparer.Instance);
        var matches = new InterviewerMatch[Math.Min(kept, maxResults)];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = new InterviewerMatch(candidates[i].Interviewer, candidates[i].Score, slot);
        }

        return new MatchResult { Matches = matches };
    }

    /// <summary>Experience points, 0..30; see the class remarks for the formula.</summary>
    internal static int ScoreExperience(int candidateYears, int interviewerYears, bool preferSenior)
    {
        candidateYears = Math.Max(candidateYears, 0);
        interviewerYears = Math.Max(interviewerYears, 0);
        if (!preferSenior)
        {
            return 2 * Math.Min(interviewerYears, 15);
        }

        if (interviewerYears >= candidateYears)
        {
            return 20 + Math.Min(interviewerYears - candidateYears, 10);
        }

        var shortfall = candidateYears - interviewerYears;
        return shortfall >= 4 ? 0 : 20 - (5 * shortfall);
    }

    /// <summary>
    /// Skill points, 0..40; see the class remarks for the formula.
    /// <paramref name="wantedCategories"/> and <paramref name="wantedSkills"/> are distinct, normalized tokens; at least one category.
    /// </summary>
    internal static int ScoreSkills(
        IReadOnlyList<string> wantedCategories,
        IReadOnlyList<string> wantedSkills,
        IReadOnlyList<string>? interviewerCategories,
        IReadOnlyList<string>? interviewerSkills)
    {
        long categoriesAsked = wantedCategories.Count;
        long categoriesCovered = CountCovered(wantedCategories, interviewerCategories);
        if (wantedSkills.Count == 0)
        {
            return (int)RoundedDivide(MatchScore.MaxSkills * categoriesCovered, categoriesAsked);
        }

        // 40 * (cc/ca + sc/sa) / 2 as one exact fraction: 20 * (cc*sa + sc*ca) / (ca*sa).
        long skillsAsked = wantedSkills.Count;
        long skillsCovered = CountCovered(wantedSkills, interviewerSkills);
        var half = MatchScore.MaxSkills / 2;
        return (int)RoundedDivide(
            half * ((categoriesCovered * skillsAsked) + (skillsCovered * categoriesAsked)),
            categoriesAsked * skillsAsked);
    }

    /// <summary>Availability points, 0..30; see the class remarks for the formula. Needs <c>0 &lt;= activeThatDay &lt; maxPerDay</c>.</summary>
    internal static int ScoreAvailability(int activeThatDay, int maxPerDay) =>
        (int)RoundedDivide((long)MatchScore.MaxAvailability * (maxPerDay - activeThatDay), maxPerDay);

    /// <summary>
    /// Whether <paramref name="slot"/>, in the interviewer's zone, lies on one local day inside one of their weekly windows.
    /// A slot spanning local midnight, or an interviewer with no windows, is never available.
    /// </summary>
    /// <param name="interviewer">The interviewer.</param>
    /// <param name="slot">The slot, with both ends.</param>
    /// <param name="localDate">The slot's local start date in the interviewer's zone.</param>
    internal static bool IsWithinWeeklyAvailability(InterviewerProfile interviewer, Interval slot, out LocalDate localDate)
    {
        var start = slot.Start.InZone(interviewer.TimeZone).LocalDateTime;
        var end = slot.End.InZone(interviewer.TimeZone).LocalDateTime;
        localDate = start.Date;

        var endsAtMidnight = end.TimeOfDay == LocalTime.Midnight && end.Date == start.Date.PlusDays(1);
        if (end.Date != start.Date && !endsAtMidnight)
        {
            return false;
        }

        // On a day the clocks go back, a slot can end at an earlier local time than it starts; no window holds that.
        if (!endsAtMidnight && end.TimeOfDay <= start.TimeOfDay)
        {
            return false;
        }

        if (interviewer.WeeklyAvailability is not { } windows)
        {
            return false;
        }

        foreach (var window in windows)
        {
            if (window.Contains(start.DayOfWeek, start.TimeOfDay, end.TimeOfDay))
            {
                return true;
            }
        }

        return false;
    }

    private static Interval ValidateSlot(Interval slot)
    {
        if (!slot.HasStart || !slot.HasEnd)
        {
            throw new InvalidInterviewRequestException(nameof(InterviewRequest.RequestedSlot), slot.ToString(), "needs both a start and an end");
        }

        if (slot.End <= slot.Start)
        {
            throw new InvalidInterviewRequestException(nameof(InterviewRequest.RequestedSlot), slot.ToString(), "must end after it starts");
        }

        return slot;
    }

    private static HashSet<InterviewerId>? ExcludedSet(IReadOnlyCollection<InterviewerId>? excluded) =>
        excluded is null || excluded.Count == 0 ? null : [.. excluded];

    // The span every candidate's reservations must be read over: the slot, each candidate's local day of it, and the coming week.
    private static Interval QueryWindow(ReadOnlySpan<Candidate> candidates, Interval slot, Interval upcoming)
    {
        var start = Instant.Min(slot.Start, upcoming.Start);
        var end = Instant.Max(slot.End, upcoming.End);
        foreach (var candidate in candidates)
        {
            start = Instant.Min(start, candidate.DayStart);
            end = Instant.Max(end, candidate.DayEnd);
        }

        return new Interval(start, end);
    }

    private static bool Covers(IReadOnlyList<string>? offered, string token)
    {
        if (offered is null)
        {
            return false;
        }

        foreach (var item in offered)
        {
            if (SkillToken.Matches(item, token))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountCovered(IReadOnlyList<string> wanted, IReadOnlyList<string>? offered)
    {
        var covered = 0;
        foreach (var token in wanted)
        {
            if (Covers(offered, token))
            {
                covered++;
            }
        }

        return covered;
    }

    // numerator / denominator rounded half up; both non-negative, denominator positive.
    private static long RoundedDivide(long numerator, long denominator) => ((2 * numerator) + denominator) / (2 * denominator);

    /// <summary>One interviewer under consideration, with what the reservations said about them.</summary>
    private struct Candidate
    {
        public InterviewerProfile Interviewer;
        public Instant DayStart;
        public Instant DayEnd;
        public int ActiveThatDay;
        public int Upcoming;
        public bool Conflicts;
        public MatchScore Score;
    }

    /// <summary>Total descending, then fewest upcoming reservations, then id ordinal: a total order, so sorting is deterministic.</summary>
    private sealed class RankComparer : IComparer<Candidate>
    {
        public static readonly RankComparer Instance = new();

        public int Compare(Candidate x, Candidate y)
        {
            var byTotal = y.Score.Total.CompareTo(x.Score.Total);
            if (byTotal != 0)
            {
                return byTotal;
            }

            var byLoad = x.Upcoming.CompareTo(y.Upcoming);
            return byLoad != 0 ? byLoad : string.CompareOrdinal(x.Interviewer.Id.Value, y.Interviewer.Id.Value);
        }
    }

    /// <summary>The candidate's categories and skills as distinct normalized tokens, in the order asked.</summary>
    private sealed class RequestedTokens
    {
        private RequestedTokens(List<string> categories, List<string> skills)
        {
            Categories = categories;
            Skills = skills;
        }

        public List<string> Categories { get; }

        public List<string> Skills { get; }

        public string PrimaryCategory => Categories[0];

        public static RequestedTokens From(InterviewRequest request)
        {
            var categories = Distinct(request.SkillCategories);
            if (categories.Count == 0 || SkillToken.Normalize(request.SkillCategories[0]).Length == 0)
            {
                throw new InvalidInterviewRequestException(
                    nameof(InterviewRequest.SkillCategories), null, "needs at least one entry, the first being the primary domain");
            }

            return new RequestedTokens(categories, Distinct(request.Skills));
        }

        private static List<string> Distinct(IReadOnlyList<string>? values)
        {
            var tokens = new List<string>(values?.Count ?? 0);
            foreach (var value in values ?? [])
            {
                var token = SkillToken.Normalize(value);
                if (token.Length > 0 && !tokens.Contains(token))
                {
                    tokens.Add(token);
                }
            }

            return tokens;
        }
    }
}
