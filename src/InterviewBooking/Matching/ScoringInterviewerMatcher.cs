using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// The default <see cref="IInterviewerMatcher"/>: keeps the interviewers whose rules and bookings leave them free for the requested
/// slot and scores each from 0 to 100 with an explainable breakdown (<see cref="MatchScore"/>); when nobody is free, offers the
/// nearest other slots of the best interviewers.
/// </summary>
/// <remarks>
/// <para><b>Who is considered.</b> The directory's active interviewers: those covering the candidate's first skill category
/// (the primary domain) when <see cref="InterviewBookingOptions.RequirePrimaryDomain"/> is set, otherwise all of them; never those in
/// <see cref="InterviewRequest.ExcludedInterviewers"/>. A directory that implements <see cref="IIndexedInterviewerDirectory"/> is
/// read through its <see cref="InterviewerIndex"/>, which narrows the candidates to those whose weekly windows (or extra windows)
/// touch the slot's local start hour in their zone, so a match does not score everyone; any other directory is asked with
/// <see cref="IInterviewerDirectory.FindAsync"/> (once per token meaning the primary domain) and everyone it returns is checked.</para>
/// <para><b>Who is free</b> follows the interviewer's rules (see <see cref="InterviewerProfile"/>), in their own zone:</para>
/// <list type="bullet">
/// <item><description>Windows and DST: every instant of the slot must read, on the interviewer's wall clock, a local time inside one
/// window of the slot's local start date (a weekly window of that weekday or an extra window of that date). So a slot across a
/// spring-forward gap fits a window that spans the gap (01:30-03:30 EST/EDT is one hour inside 01:00-04:00), a window edge inside a
/// gap takes effect where the gap ends, and a slot across a fall-back overlap fits only a window holding both readings of the repeated
/// hour (01:30 EDT-01:30 EST reads 01:30-02:00 then 01:00-01:30, so it fits 01:00-02:00 but not 01:00-01:45). A slot spanning local
/// midnight fits no window (one that ends exactly at midnight fits a window running to the end of the day); an interviewer with no
/// windows is never free. A day off refuses the date; a blocked range refuses any slot reading a local time inside it.</description></item>
/// <item><description>Notice and horizon: the slot starts at least <see cref="InterviewerProfile.MinimumNotice"/> from now and, when
/// set, no later than <see cref="InterviewerProfile.BookingHorizon"/> from now.</description></item>
/// <item><description>Busy time: the active reservations (holds not run out, confirmed interviews) the reservation store returns.
/// Each interview occupies its slot plus the interviewer's <see cref="InterviewerProfile.BufferBefore"/> and
/// <see cref="InterviewerProfile.BufferAfter"/>; occupied spans may not overlap, so interviews sit at least both buffers apart
/// (slots that only touch are fine without buffers). An interviewer with <see cref="InterviewerProfile.MaxInterviewsPerDay"/> active
/// reservations starting on the slot's local date is full.</description></item>
/// </list>
/// <para><b>Score</b> (each part an integer; fractions round half up; the weights <c>We</c>, <c>Ws</c>, <c>Wa</c> are
/// <see cref="InterviewBookingOptions.ExperienceWeight"/>, <see cref="InterviewBookingOptions.SkillsWeight"/> and
/// <see cref="InterviewBookingOptions.AvailabilityWeight"/>, by default 30, 40 and 30):</para>
/// <list type="bullet">
/// <item><description>Experience, 0..We: <c>We * e / 30</c>, where with <see cref="InterviewBookingOptions.PreferSeniorInterviewers"/>
/// an interviewer at least as experienced as the candidate has <c>e = 20 + min(gap, 10)</c> (gap in years) and a less experienced one
/// <c>e = max(0, 20 - 5 * shortfall)</c>; without it <c>e = 2 * min(years, 15)</c> from the interviewer's years alone.</description></item>
/// <item><description>Skills, 0..Ws: <c>Ws * (categoryCoverage / 2 + skillCoverage / 2)</c>, where a coverage is the share of the
/// distinct categories (or specific skills) the candidate asked for that the interviewer lists; <c>Ws * categoryCoverage</c> when no
/// specific skill was asked. Tokens compare whole (<see cref="SkillToken"/>: case and separator punctuation never matter, "Java" never
/// matches "JavaScript"), with <see cref="InterviewBookingOptions.SkillAliases"/> applied to both sides.</description></item>
/// <item><description>Availability, 0..Wa: <c>Wa * (1 - activeThatLocalDay / MaxInterviewsPerDay)</c>, so a lighter day scores higher.</description></item>
/// <item><description>Reliability, 0..Wr (<see cref="InterviewBookingOptions.ReliabilityWeight"/>, by default 0: off): <c>Wr * (shows + rating) / 2</c>
/// from the interviewer's <see cref="InterviewerReliability"/>, where <c>shows = Attended / (Attended + NoShows + LateCancellations)</c>
/// and <c>rating = (MeanRating - 1) / 4</c>. Each share counts only once its evidence reaches
/// <see cref="InterviewBookingOptions.ReliabilityMinimumInterviews"/> (ended interviews for <c>shows</c>, ratings for <c>rating</c>);
/// below that it is 1, so a new interviewer is not sunk by one bad day and the signal only ever takes points from a record that shows
/// it. Read with one <see cref="IInterviewStore.GetReliabilityAsync"/> per reservation batch (usually one a match), for the candidates
/// still free once their reservations are read; never read while the weight is 0.</description></item>
/// </list>
/// <para><b>Ranking.</b> Matches below <see cref="InterviewBookingOptions.MinimumMatchScore"/> are dropped. The rest are ordered by
/// total, highest first; then by fewest active reservations in the coming 7 days (from the clock's now), which spreads load;
/// then by interviewer id (ordinal). The same input always gives the same ranking. Reservations are read with
/// <see cref="IReservationStore.GetActiveAsync"/> for the candidates with the best experience and skills first, whole score levels
/// at a time (at least 64 interviewers a query, usually one query), until nobody left could reach the ranking.</para>
/// <para><b>Alternatives.</b> When nobody is free for the requested slot and <see cref="InterviewBookingOptions.MaxAlternatives"/> is
/// above zero, the best <c>max(10, 3 * MaxAlternatives)</c> interviewers by experience and skills (gate and exclusions applied) are
/// read with one reservation query, and their slots as long as the requested one, starting at each window's start and every
/// <see cref="InterviewBookingOptions.AlternativeSlotStep"/> after it, within <see cref="InterviewBookingOptions.AlternativeSearchRange"/>
/// of the requested start, are checked against all the rules above. The nearest distinct starts are returned (nearest first, the earlier
/// of two equally near; for one start, the best-ranked interviewer), each scored for its own day, at least the minimum score, and
/// rendered in <see cref="InterviewRequest.CandidateTimeZone"/>.</para>
/// </remarks>
public sealed class ScoringInterviewerMatcher : IInterviewerMatcher
{
    /// <summary>Experience points before weighting, 0..30.</summary>
    private const int ExperienceScale = 30;

    private readonly IInterviewerDirectory _directory;
    private readonly IReservationStore _reservations;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly IBusyTimeSource _busyTime;
    private readonly IInterviewStore? _interviews;

    /// <summary>Creates the matcher, with no busy time besides the reservations.</summary>
    public ScoringInterviewerMatcher(
        IInterviewerDirectory directory,
        IReservationStore reservations,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock)
        : this(directory, reservations, options, clock, new NoBusyTimeSource())
    {
    }

    /// <summary>Creates the matcher, consulting <paramref name="busyTime"/> (an interviewer's own calendar, say) besides the reservations.</summary>
    public ScoringInterviewerMatcher(
        IInterviewerDirectory directory,
        IReservationStore reservations,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        IBusyTimeSource busyTime)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _busyTime = busyTime ?? throw new ArgumentNullException(nameof(busyTime));
    }

    /// <summary>
    /// Creates the matcher, consulting <paramref name="busyTime"/> besides the reservations and reading the interviewers' reliability from
    /// <paramref name="interviews"/> while <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0.
    /// </summary>
    public ScoringInterviewerMatcher(
        IInterviewerDirectory directory,
        IReservationStore reservations,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        IBusyTimeSource busyTime,
        IInterviewStore interviews)
        : this(directory, reservations, options, clock, busyTime)
    {
        _interviews = interviews ?? throw new ArgumentNullException(nameof(interviews));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxResults"/> is less than 1.</exception>
    /// <exception cref="InvalidInterviewRequestException">
    /// <see cref="InterviewRequest.RequestedSlot"/> lacks a start or an end or has no length,
    /// <see cref="InterviewRequest.SkillCategories"/> has no non-blank first entry, or <see cref="InterviewRequest.CandidateTimeZone"/> is missing.
    /// </exception>
    /// <exception cref="ArgumentException">A plain directory returned a profile without a zone or with a negative buffer or notice.</exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0 but the matcher was created without an <see cref="IInterviewStore"/>.
    /// </exception>
    public async ValueTask<MatchResult> MatchAsync(InterviewRequest request, int maxResults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var slot = ValidateSlot(request.RequestedSlot);
        var options = _options.CurrentValue;
        var vocabulary = SkillVocabulary.For(options);
        var wanted = RequestedTokens.From(request, vocabulary);
        if (request.CandidateTimeZone is null)
        {
            throw new InvalidInterviewRequestException(nameof(InterviewRequest.CandidateTimeZone), null, "is required");
        }

        // Reliability is read per match rather than cached: the counts change only when an interview ends, one indexed query per match
        // reads exactly what the lifecycle wrote (across instances too), and at weight 0 nothing is read at all.
        IInterviewStore? reliability = null;
        if (options.ReliabilityWeight > 0)
        {
            reliability = _interviews ?? throw new InvalidOperationException(
                $"ReliabilityWeight is {options.ReliabilityWeight} but this matcher was created without an interview store to read reliability from.");
        }

        var snapshot = _directory is IIndexedInterviewerDirectory indexed
            ? indexed.Index.Current
            : await LoadAsync(_directory, wanted, vocabulary, options, cancellationToken).ConfigureAwait(false);
        using var run = new MatchRun(snapshot, request, slot, wanted, vocabulary, options, _clock.GetCurrentInstant(), _busyTime) { Reliability = reliability };
        var matches = await run.RankAsync(_reservations, maxResults, cancellationToken).ConfigureAwait(false);
        if (matches.Length > 0)
        {
            return new MatchResult { Matches = matches };
        }

        if (options.MaxAlternatives == 0 || snapshot.ActiveCount == 0)
        {
            return MatchResult.Empty;
        }

        var alternatives = await run.FindAlternativesAsync(_reservations, cancellationToken).ConfigureAwait(false);
        return alternatives.Count == 0 ? MatchResult.Empty : new MatchResult { Matches = [], Alternatives = alternatives };
    }

    /// <summary>Experience points with the default weight, 0..30; see the class remarks for the formula.</summary>
    internal static int ScoreExperience(int candidateYears, int interviewerYears, bool preferSenior) =>
        ScoreExperience(candidateYears, interviewerYears, preferSenior, MatchScore.MaxExperience);

    /// <summary>Experience points, 0..<paramref name="weight"/>; see the class remarks for the formula.</summary>
    internal static int ScoreExperience(int candidateYears, int interviewerYears, bool preferSenior, int weight)
    {
        candidateYears = Math.Max(candidateYears, 0);
        interviewerYears = Math.Max(interviewerYears, 0);
        int points;
        if (!preferSenior)
        {
            points = 2 * Math.Min(interviewerYears, 15);
        }
        else if (interviewerYears >= candidateYears)
        {
            points = 20 + Math.Min(interviewerYears - candidateYears, 10);
        }
        else
        {
            var shortfall = candidateYears - interviewerYears;
            points = shortfall >= 4 ? 0 : 20 - (5 * shortfall);
        }

        return weight == ExperienceScale ? points : (int)RoundedDivide((long)points * weight, ExperienceScale);
    }

    /// <summary>
    /// Skill points with the default weight, 0..40; see the class remarks for the formula.
    /// <paramref name="wantedCategories"/> and <paramref name="wantedSkills"/> are distinct, normalized tokens; at least one category.
    /// </summary>
    internal static int ScoreSkills(
        IReadOnlyList<string> wantedCategories,
        IReadOnlyList<string> wantedSkills,
        IReadOnlyList<string>? interviewerCategories,
        IReadOnlyList<string>? interviewerSkills) =>
        SkillPoints(
            CountCovered(wantedCategories, interviewerCategories), wantedCategories.Count,
            CountCovered(wantedSkills, interviewerSkills), wantedSkills.Count,
            MatchScore.MaxSkills);

    /// <summary>Skill points, 0..<paramref name="weight"/>, from coverage counts; <paramref name="categoriesAsked"/> is at least 1.</summary>
    internal static int SkillPoints(long categoriesCovered, long categoriesAsked, long skillsCovered, long skillsAsked, int weight)
    {
        if (skillsAsked == 0)
        {
            return (int)RoundedDivide(weight * categoriesCovered, categoriesAsked);
        }

        // W * (cc/ca + sc/sa) / 2 as one exact fraction: W * (cc*sa + sc*ca) / (2*ca*sa).
        return (int)RoundedDivide(
            weight * ((categoriesCovered * skillsAsked) + (skillsCovered * categoriesAsked)),
            2 * categoriesAsked * skillsAsked);
    }

    /// <summary>Availability points with the default weight, 0..30. Needs <c>0 &lt;= activeThatDay &lt; maxPerDay</c>.</summary>
    internal static int ScoreAvailability(int activeThatDay, int maxPerDay) => AvailabilityPoints(activeThatDay, maxPerDay, MatchScore.MaxAvailability);

    /// <summary>Availability points, 0..<paramref name="weight"/>. Needs <c>0 &lt;= activeThatDay &lt; maxPerDay</c>.</summary>
    internal static int AvailabilityPoints(int activeThatDay, int maxPerDay, int weight) =>
        (int)RoundedDivide((long)weight * (maxPerDay - activeThatDay), maxPerDay);

    /// <summary>Reliability points, 0..<paramref name="weight"/>; see the class remarks for the formula. No record scores full points.</summary>
    internal static int ReliabilityPoints(InterviewerReliability? record, int weight, int minimum)
    {
        if (weight == 0 || record is null)
        {
            return weight;
        }

        // shows = sn / sd and rating = rn / rd, each 1 / 1 below the minimum; the points are W * (sn*rd + rn*sd) / (2*sd*rd).
        long sn = 1, sd = 1, rn = 1, rd = 1;
        var ended = (long)record.Attended + record.NoShows + record.LateCancellations;
        if (ended >= minimum)
        {
            sn = Math.Max(record.Attended, 0);
            sd = ended;
        }

        if (record.Ratings >= minimum && record.MeanRating is { } mean)
        {
            // Back to the whole sum of stars, so both stores' averages give the same points.
            var stars = (long)Math.Round(mean * record.Ratings, MidpointRounding.AwayFromZero);
            rn = Math.Clamp(stars - record.Ratings, 0, 4L * record.Ratings);
            rd = 4L * record.Ratings;
        }

        return (int)RoundedDivide(weight * ((sn * rd) + (rn * sd)), 2 * sd * rd);
    }

    /// <summary>
    /// Whether <paramref name="interviewer"/>'s weekly windows and dated overrides allow <paramref name="slot"/> (the wall-clock rule of
    /// the class remarks, DST included). Notice, horizon, buffers and bookings are not checked here.
    /// </summary>
    /// <param name="interviewer">The interviewer.</param>
    /// <param name="slot">The slot, with both ends and a positive length.</param>
    /// <param name="localDate">The slot's local start date in the interviewer's zone.</param>
    /// <exception cref="ArgumentException">The profile has no zone, or a negative buffer or notice.</exception>
    internal static bool IsWithinAvailability(InterviewerProfile interviewer, Interval slot, out LocalDate localDate)
    {
        ArgumentNullException.ThrowIfNull(interviewer);
        var entry = new IndexedInterviewer(interviewer, new TokenTable(), zone: 0);
        var readings = SlotReadings.Read(entry.TimeZone, slot);
        localDate = readings.Date;
        return entry.Allows(readings);
    }

    /// <summary>A snapshot without postings of what a plain directory returns for the request (its primary domain, or everyone).</summary>
    internal static async ValueTask<IndexSnapshot> LoadAsync(IInterviewerDirectory directory, RequestedTokens wanted, SkillVocabulary vocabulary, InterviewBookingOptions options, CancellationToken cancellationToken)
    {
        if (!options.RequirePrimaryDomain)
        {
            return IndexSnapshot.Unindexed(await directory.FindAsync(null, cancellationToken).ConfigureAwait(false) ?? []);
        }

        var found = new List<InterviewerProfile>();
        foreach (var token in vocabulary.Variants(wanted.PrimaryCategory) ?? [wanted.PrimaryCategory])
        {
            found.AddRange(await directory.FindAsync(token, cancellationToken).ConfigureAwait(false) ?? []);
        }

        return IndexSnapshot.Unindexed(found);
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

    private static int CountCovered(IReadOnlyList<string> wanted, IReadOnlyList<string>? offered)
    {
        var covered = 0;
        foreach (var token in wanted)
        {
            if (offered?.Any(item => SkillToken.Matches(item, token)) == true)
            {
                covered++;
            }
        }

        return covered;
    }

    // numerator / denominator rounded half up; both non-negative, denominator positive.
    private static long RoundedDivide(long numerator, long denominator) => ((2 * numerator) + denominator) / (2 * denominator);
}
