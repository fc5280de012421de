namespace InterviewBooking;

/// <summary>
/// One prepared slot search: the candidate as a request, the range, the grid step and the slot limit. <see cref="RunAsync"/> ranks
/// every start in one pass (<see cref="SlotSearchRun"/>); <see cref="RunPerSlotAsync"/> runs one full <see cref="MatchRun"/> per
/// start, the straightforward form that the equivalence tests and the benchmark compare it with.
/// </summary>
internal sealed class SlotSearch
{
    /// <summary>The longest range one search may cover.</summary>
    public static readonly Duration MaxRange = Duration.FromDays(60);

    /// <summary>The finest grid step (the option's own minimum).</summary>
    private static readonly Duration MinStep = Duration.FromMinutes(5);

    private static readonly int[] AnyCategory = [IndexSnapshot.AnyCategory];

    public SlotSearch(SlotSearchQuery query, Duration duration, InterviewBookingOptions options, Instant now, Instant from, Duration range, int maxSlots)
    {
        Query = query;
        Duration = duration;
        Options = options;
        Now = now;
        MaxSlots = maxSlots;
        Step = StepFor(options.SlotSearchStep, duration);
        Searched = new Interval(from, from + range);
        Probe = query.ToRequest(new Interval(from, from + duration));
        Vocabulary = SkillVocabulary.For(options);
        Wanted = RequestedTokens.From(Probe, Vocabulary);
    }

    public SlotSearchQuery Query { get; }

    /// <summary>Where reliability is read from while <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0; otherwise <see langword="null"/>.</summary>
    public IInterviewStore? Reliability { get; init; }

    /// <summary>The plan's duration: every slot's length.</summary>
    public Duration Duration { get; }

    public InterviewBookingOptions Options { get; }

    public Instant Now { get; }

    public int MaxSlots { get; }

    /// <summary>The grid step for this plan; see <see cref="StepFor"/>.</summary>
    public Duration Step { get; }

    /// <summary>The candidate as a request (its slot is a placeholder; each start has its own).</summary>
    public InterviewRequest Probe { get; }

    public SkillVocabulary Vocabulary { get; }

    public RequestedTokens Wanted { get; }

    /// <summary>The starts searched: from the later of now and the query's start (inclusive) to the end of the range (exclusive).</summary>
    public Interval Searched { get; }

    /// <summary>
    /// The grid step for a plan: the configured step when it divides the plan's duration, otherwise the largest step dividing both
    /// (a 45-minute plan on a 30-minute grid starts every 15 minutes), so a slot can start where a booked one ends and a window
    /// holds as many back-to-back interviews as fit; the configured step when that would be under 5 minutes.
    /// </summary>
    internal static Duration StepFor(Duration step, Duration duration)
    {
        long a = step.BclCompatibleTicks, b = duration.BclCompatibleTicks;
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a >= MinStep.BclCompatibleTicks ? Duration.FromTicks(a) : step;
    }

    /// <summary>The search in one pass over the starts.</summary>
    public async ValueTask<SlotSearchResult> RunAsync(IndexSnapshot snapshot, IReservationStore reservations, IBusyTimeSource busyTime, CancellationToken cancellationToken)
    {
        using var run = new SlotSearchRun(this, snapshot, busyTime);
        return await run.RunAsync(reservations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same search as one full match (best 1) per start: slower, and the reference for <see cref="RunAsync"/>.</summary>
    public async ValueTask<SlotSearchResult> RunPerSlotAsync(IndexSnapshot snapshot, IReservationStore reservations, IBusyTimeSource busyTime, CancellationToken cancellationToken)
    {
        var grid = Grid(snapshot);
        var result = new SlotSearchResultBuilder(Query.CandidateTimeZone, MaxSlots);
        var truncated = false;
        while (grid.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (result.IsFull)
            {
                truncated = true;
                break;
            }

            var slot = new Interval(grid.Current, grid.Current + Duration);
            InterviewerMatch[] best;
            using (var run = new MatchRun(snapshot, Probe, slot, Wanted, Vocabulary, Options, Now, busyTime, grid) { Reliability = Reliability })
            {
                best = await run.RankAsync(reservations, 1, cancellationToken).ConfigureAwait(false);
            }

            if (best.Length > 0)
            {
                result.Add(best[0].Interviewer, best[0].Score, slot);
            }
        }

        return result.ToResult(Searched, truncated);
    }

    /// <summary>The category token ids of the request in <paramref name="snapshot"/>'s token table.</summary>
    public TokenGroups Categories(IndexSnapshot snapshot) => TokenGroups.Resolve(Wanted.Categories, Vocabulary, snapshot.Tokens);

    /// <summary>The posting keys searched: the tokens meaning the primary domain, or every interviewer.</summary>
    public ReadOnlySpan<int> CategoryKeys(in TokenGroups categories) => Options.RequirePrimaryDomain ? categories[0] : AnyCategory;

    /// <summary>
    /// The grid over the range for the zones of every interviewer in the primary domain (everyone without the gate), whatever else
    /// rules them out, so both forms of the search walk the same starts.
    /// </summary>
    public SlotGrid Grid(IndexSnapshot snapshot)
    {
        var zones = new DateTimeZone?[snapshot.ZoneCount];
        var categories = Categories(snapshot);
        if (!snapshot.IsIndexed)
        {
            for (var ordinal = 0; ordinal < snapshot.OrdinalLimit; ordinal++)
            {
                var entry = snapshot[ordinal]!;
                if (!Options.RequirePrimaryDomain || categories.Covers(entry.Categories, 0))
                {
                    zones[entry.Zone] = entry.TimeZone;
                }
            }
        }
        else
        {
            foreach (var key in CategoryKeys(categories))
            {
                foreach (var zone in snapshot.PostingsOf(key)?.Zones ?? [])
                {
                    zones[zone.Zone] = zone.TimeZone;
                }
            }
        }

        return new SlotGrid(zones, Searched.Start, Searched.End, Step);
    }
}
