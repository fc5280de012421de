using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Finds the free slots a candidate can book: which starts over a range have an interviewer who qualifies and is free, and who the
/// best one is for each, exactly as <see cref="ScoringInterviewerMatcher"/> would rank them for that slot.
/// </summary>
/// <remarks>
/// <para><b>Which starts.</b> Slots last the plan's duration and start on a grid of <see cref="InterviewBookingOptions.SlotSearchStep"/>
/// on each interviewer's own wall clock (by default every 30 minutes from local midnight: on the hour and half hour, which in a
/// +05:45 zone is a quarter past in UTC), from the later of now and <see cref="SlotSearchQuery.From"/> for <see cref="SlotSearchQuery.Range"/>
/// (by default <see cref="InterviewBookingOptions.SlotSearchRange"/>, 14 days). When the step does not divide the plan's duration the
/// grid is the largest step dividing both (a 45-minute plan starts every 15 minutes), so a slot can start where another ends.
/// Earliest first, at most <see cref="SlotSearchQuery.MaxSlots"/> (by default <see cref="InterviewBookingOptions.MaxSearchSlots"/>,
/// 200); then <see cref="SlotSearchResult.Truncated"/> is set.</para>
/// <para><b>Which interviewer.</b> Each start gets the interviewer <see cref="ScoringInterviewerMatcher"/> would rank first for that
/// slot among those whose grid holds it, over one snapshot of the directory's index, with every rule unchanged: windows and dated
/// overrides on the interviewer's wall clock (DST included), notice and horizon from the clock's now, buffers and the daily cap against
/// the reservation store's active reservations, outside busy time, the primary domain, exclusions and the minimum score. A plain
/// (unindexed) directory is read once per search.</para>
/// <para><b>Cost.</b> One pass: the candidates and their experience and skill points are computed once per search, each start walks
/// them best first and stops once nobody lower could win, and reservations and busy time are read once per interviewer for the whole
/// range, in a few batched <see cref="IReservationStore.GetActiveAsync"/> queries, each aimed by walking the starts ahead with the rules
/// alone at the interviewers some start can offer (about 80 interviewers in 3 queries at 10,000, not every one walked past).</para>
/// </remarks>
public sealed class SlotSearchService
{
    private readonly IInterviewerDirectory _directory;
    private readonly IReservationStore _reservations;
    private readonly IBusyTimeSource _busyTime;
    private readonly PriceCalculator _prices;
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;
    private readonly IInterviewStore? _interviews;

    /// <summary>
    /// Creates the service; <paramref name="interviews"/> is where the interviewers' reliability is read while
    /// <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0, as the default matcher does.
    /// </summary>
    public SlotSearchService(
        IInterviewerDirectory directory,
        IReservationStore reservations,
        PriceCalculator prices,
        IOptionsMonitor<InterviewBookingOptions> options,
        IClock clock,
        IBusyTimeSource? busyTime = null,
        IInterviewStore? interviews = null)
    {
        _interviews = interviews;
        _busyTime = busyTime ?? new NoBusyTimeSource();
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The free slots over the query's range, each with the best interviewer free for it, grouped by the candidate's day.</summary>
    /// <param name="query">The candidate, plan, zone and range.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidInterviewRequestException">
    /// The plan is unknown, the zone is missing, the first skill category is blank, the range is not more than zero and at most
    /// 60 days, or the slot limit is outside 1..<see cref="InterviewBookingOptions.MaxSearchSlots"/>.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="InterviewBookingOptions.ReliabilityWeight"/> is above 0 but the service was created without an <see cref="IInterviewStore"/>.
    /// </exception>
    public async ValueTask<SlotSearchResult> SearchAsync(SlotSearchQuery query, CancellationToken cancellationToken = default)
    {
        var search = Prepare(query);
        var snapshot = _directory is IIndexedInterviewerDirectory indexed
            ? indexed.Index.Current
            : await ScoringInterviewerMatcher.LoadAsync(_directory, search.Wanted, search.Vocabulary, search.Options, cancellationToken).ConfigureAwait(false);
        return await search.RunAsync(snapshot, _reservations, _busyTime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The free slots of one interviewer over the query's range (for a reschedule, or the interviewer's own page): the same starts and
    /// rules as <see cref="SearchAsync"/>, with that interviewer only. They must qualify for the query (primary domain, exclusions,
    /// minimum score); an unknown or inactive interviewer has no slots.
    /// </summary>
    /// <param name="interviewerId">The interviewer.</param>
    /// <param name="query">The candidate, plan, zone and range.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidInterviewRequestException">As for <see cref="SearchAsync"/>.</exception>
    public async ValueTask<SlotSearchResult> SearchInterviewerAsync(InterviewerId interviewerId, SlotSearchQuery query, CancellationToken cancellationToken = default)
    {
        var search = Prepare(query);
        var profile = interviewerId.IsEmpty ? null : await _directory.GetAsync(interviewerId, cancellationToken).ConfigureAwait(false);
        if (profile is not { IsActive: true })
        {
            return SlotSearchResult.None(search.Searched);
        }

        return await search.RunAsync(IndexSnapshot.Unindexed([profile]), _reservations, _busyTime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="SearchAsync"/> or <see cref="SearchInterviewerAsync"/> (for <paramref name="interviewerId"/>) done the straightforward
    /// way, one full match per start: the reference the one-pass search is tested and benchmarked against.
    /// </summary>
    internal async ValueTask<SlotSearchResult> SearchPerSlotAsync(SlotSearchQuery query, InterviewerId? interviewerId = null, CancellationToken cancellationToken = default)
    {
        var search = Prepare(query);
        IndexSnapshot snapshot;
        if (interviewerId is { } id)
        {
            var profile = id.IsEmpty ? null : await _directory.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (profile is not { IsActive: true })
            {
                return SlotSearchResult.None(search.Searched);
            }

            snapshot = IndexSnapshot.Unindexed([profile]);
        }
        else
        {
            snapshot = _directory is IIndexedInterviewerDirectory indexed
                ? indexed.Index.Current
                : await ScoringInterviewerMatcher.LoadAsync(_directory, search.Wanted, search.Vocabulary, search.Options, cancellationToken).ConfigureAwait(false);
        }

        return await search.RunPerSlotAsync(snapshot, _reservations, _busyTime, cancellationToken).ConfigureAwait(false);
    }

    private SlotSearch Prepare(SlotSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = _options.CurrentValue;
        if (query.CandidateTimeZone is null)
        {
            throw new InvalidInterviewRequestException(nameof(SlotSearchQuery.CandidateTimeZone), null, "is required");
        }

        InterviewRequestValidator.ValidateTokens(query);
        var plan = _prices.GetPlan(query.PlanId);
        var range = query.Range ?? options.SlotSearchRange;
        if (range <= Duration.Zero || range > SlotSearch.MaxRange)
        {
            throw new InvalidInterviewRequestException(nameof(SlotSearchQuery.Range), range.ToString(), "must be more than zero and at most 60 days");
        }

        var maxSlots = query.MaxSlots ?? options.MaxSearchSlots;
        if (maxSlots < 1 || maxSlots > options.MaxSearchSlots)
        {
            throw new InvalidInterviewRequestException(
                nameof(SlotSearchQuery.MaxSlots), maxSlots.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be between 1 and {options.MaxSearchSlots}");
        }

        var now = _clock.GetCurrentInstant();
        var from = query.From is { } asked && asked > now ? asked : now;
        IInterviewStore? reliability = null;
        if (options.ReliabilityWeight > 0)
        {
            reliability = _interviews ?? throw new InvalidOperationException(
                $"ReliabilityWeight is {options.ReliabilityWeight} but the slot search was created without an interview store to read reliability from.");
        }

        return new SlotSearch(query, plan.Duration, options, now, from, range, maxSlots) { Reliability = reliability };
    }
}
