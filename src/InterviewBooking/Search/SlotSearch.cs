namespace InterviewBooking;

/// <summary>
/// One slot search over one <see cref="IndexSnapshot"/>: walks the start grid earliest first and ranks each start with a
/// <see cref="MatchRun"/> for its best interviewer, until the range ends or the slot limit is reached.
/// </summary>
internal sealed class SlotSearch
{
    /// <summary>The longest range one search may cover.</summary>
    public static readonly Duration MaxRange = Duration.FromDays(60);

    private readonly SlotSearchQuery _query;
    private readonly Duration _duration;
    private readonly Instant _now;
    private readonly Duration _step;
    private readonly int _maxSlots;
    private readonly InterviewRequest _probe;

    public SlotSearch(SlotSearchQuery query, Duration duration, InterviewBookingOptions options, Instant now, Instant from, Duration range, int maxSlots)
    {
        _query = query;
        _duration = duration;
        Options = options;
        _now = now;
        _step = options.SlotSearchStep;
        _maxSlots = maxSlots;
        var first = FirstOnGrid(from, _step);
        Searched = new Interval(first, Instant.Max(first, from + range));
        _probe = query.ToRequest(new Interval(first, first + duration));
        Vocabulary = SkillVocabulary.For(options);
        Wanted = RequestedTokens.From(_probe, Vocabulary);
    }

    public InterviewBookingOptions Options { get; }

    public SkillVocabulary Vocabulary { get; }

    public RequestedTokens Wanted { get; }

    /// <summary>The starts searched: the first on the grid (inclusive) to the end of the range (exclusive).</summary>
    public Interval Searched { get; }

    public async ValueTask<SlotSearchResult> RunAsync(IndexSnapshot snapshot, IReservationStore reservations, CancellationToken cancellationToken)
    {
        var days = new List<SlotSearchDay>();
        List<SlotAlternative>? today = null;
        var date = default(LocalDate);
        var count = 0;
        var truncated = false;
        var zone = _query.CandidateTimeZone;
        for (var start = Searched.Start; start < Searched.End; start += _step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count == _maxSlots)
            {
                truncated = true;
                break;
            }

            var slot = new Interval(start, start + _duration);
            InterviewerMatch[] best;
            using (var run = new MatchRun(snapshot, _probe, slot, Wanted, Vocabulary, Options, _now))
            {
                best = await run.RankAsync(reservations, 1, cancellationToken).ConfigureAwait(false);
            }

            if (best.Length == 0)
            {
                continue;
            }

            var localDate = SlotText.LocalDateOf(slot, zone);
            if (today is null || localDate != date)
            {
                today = [];
                date = localDate;
                days.Add(new SlotSearchDay(date, today));
            }

            today.Add(new SlotAlternative(best[0].Interviewer, best[0].Score, slot, SlotText.Format(slot, zone)));
            count++;
        }

        return new SlotSearchResult { Searched = Searched, Days = days, Count = count, Truncated = truncated };
    }

    /// <summary>The first grid start at or after <paramref name="from"/>: grid starts are whole multiples of the step since the Unix epoch.</summary>
    internal static Instant FirstOnGrid(Instant from, Duration step)
    {
        var ticks = from.ToUnixTimeTicks();
        var size = step.BclCompatibleTicks;
        var floor = ticks - (((ticks % size) + size) % size);
        return Instant.FromUnixTimeTicks(floor == ticks ? ticks : floor + size);
    }
}
