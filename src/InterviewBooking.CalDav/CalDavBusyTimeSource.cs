using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking.CalDav;

/// <summary>
/// The <see cref="IBusyTimeSource"/> of interviewers' CalDAV calendars: one read per interviewer covers
/// [now - <see cref="CalDavOptions.ReadBehind"/>, now + <see cref="CalDavOptions.ReadAhead"/>] and is cached, at most
/// <see cref="CalDavOptions.MaxCachedCalendars"/> of them (least recently used dropped first). Matching uses the cached read and
/// refreshes one older than <see cref="CalDavOptions.CacheTimeToLive"/> in the background; the check before a hold re-reads one
/// older than <see cref="CalDavOptions.MaxAgeAtHold"/>. A failed read is cached too and means what <see cref="CalDavOptions.OnFailure"/> says.
/// </summary>
internal sealed class CalDavBusyTimeSource : IBusyTimeSource, IDisposable
{
    private static readonly BusyTime Free = new();
    private static readonly IReadOnlyDictionary<InterviewerId, BusyTime> NoneBusy = new Dictionary<InterviewerId, BusyTime>();

    private readonly ConcurrentDictionary<InterviewerId, Entry> _cache = new();
    private readonly CalDavClient _client;
    private readonly ICalDavConnectionResolver _resolver;
    private readonly IInterviewerDirectory _directory;
    private readonly IOptionsMonitor<CalDavOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private long _uses;
    private int _disposed;

    public CalDavBusyTimeSource(
        CalDavClient client,
        ICalDavConnectionResolver resolver,
        IInterviewerDirectory directory,
        IOptionsMonitor<CalDavOptions> options,
        IClock clock,
        ILogger<CalDavBusyTimeSource>? logger = null)
    {
        _client = client;
        _resolver = resolver;
        _directory = directory;
        _options = options;
        _clock = clock;
        _logger = logger ?? NullLogger<CalDavBusyTimeSource>.Instance;
    }

    /// <summary>How many calendars the cache holds now.</summary>
    internal int CachedCount => _cache.Count;

    public async ValueTask<IReadOnlyDictionary<InterviewerId, BusyTime>> GetBusyTimeAsync(
        IReadOnlyList<InterviewerId> interviewers, Interval window, BusyTimeUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interviewers);
        var options = _options.CurrentValue;
        var now = _clock.GetCurrentInstant();
        Dictionary<InterviewerId, BusyTime>? answer = null; // made on the first busy interviewer, sized for the whole batch
        var stamp = Interlocked.Increment(ref _uses); // one recency stamp for the whole batch
        List<Task<(InterviewerId Id, Entry Entry)>>? reads = null;
        foreach (var id in interviewers)
        {
            if (_cache.TryGetValue(id, out var entry) && entry.Covers(window))
            {
                var age = now - entry.ReadAt;
                if (use == BusyTimeUse.Matching || age <= options.MaxAgeAtHold)
                {
                    entry.LastUse = stamp;
                    if (age > options.CacheTimeToLive)
                    {
                        RefreshInBackground(id, entry);
                    }

                    Add(ref answer, interviewers.Count, id, entry.Busy);
                    continue;
                }
            }

            (reads ??= []).Add(ReadAndCacheAsync(id, window, cancellationToken));
        }

        if (reads is not null)
        {
            foreach (var (id, entry) in await Task.WhenAll(reads).ConfigureAwait(false))
            {
                Add(ref answer, interviewers.Count, id, entry.Busy);
            }
        }

        return answer ?? NoneBusy;
    }

    /// <summary>Stops background refreshes; safe to call twice (the container disposes it as itself and as the source).</summary>
    /// <summary>Puts a read into the cache as if it had just been made (benchmarks measure matching from a warm cache).</summary>
    internal void Seed(InterviewerId id, Interval covered, BusyTime busy) =>
        _cache[id] = new Entry(_clock.GetCurrentInstant(), covered, busy) { LastUse = Interlocked.Increment(ref _uses) };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private static void Add(ref Dictionary<InterviewerId, BusyTime>? answer, int asked, InterviewerId id, BusyTime? busy)
    {
        if (busy is not null && (busy.IsUnknown || busy.Intervals.Count > 0))
        {
            (answer ??= new Dictionary<InterviewerId, BusyTime>(asked))[id] = busy;
        }
    }

    private void RefreshInBackground(InterviewerId id, Entry entry)
    {
        if (Interlocked.Exchange(ref entry.Refreshing, 1) == 1)
        {
            return;
        }

        var covered = entry.Covered;
        var token = _stopping.Token;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await ReadAndCacheAsync(id, covered, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Log.RefreshFailed(_logger, id, e);
                }
                finally
                {
                    Volatile.Write(ref entry.Refreshing, 0);
                }
            },
            CancellationToken.None);
    }

    /// <summary>Reads one calendar over the standard span (widened to <paramref name="window"/>) and caches the outcome, failures included.</summary>
    private async Task<(InterviewerId, Entry)> ReadAndCacheAsync(InterviewerId id, Interval window, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var now = _clock.GetCurrentInstant();
        var span = new Interval(Instant.Min(window.Start, now - options.ReadBehind), Instant.Max(window.End, now + options.ReadAhead));
        var connection = await _resolver.ResolveAsync(id, cancellationToken).ConfigureAwait(false);
        BusyTime? busy = null;
        if (connection is not null)
        {
            CalDavTelemetry.ReadsCounter.Add(1);
            try
            {
                var floating = connection.FloatingTimeZone ?? await ZoneOfAsync(id, cancellationToken).ConfigureAwait(false);
                var resources = await _client.QueryAsync(connection, span, cancellationToken).ConfigureAwait(false);
                List<Interval> intervals;
                try
                {
                    intervals = BusyTimeReader.Read(resources, span, floating, options.OwnUidSuffix);
                }
                catch (FormatException e)
                {
                    throw new CalDavException(CalDavFailure.Protocol, connection.CalendarUrl, $"The calendar at {connection.CalendarUrl} holds data that is not iCalendar.", e);
                }

                busy = new BusyTime { Intervals = intervals };
                Log.Read(_logger, id, intervals.Count);
            }
            catch (CalDavException e)
            {
                var treatment = options.OnFailure;
                CalDavTelemetry.ReadFailuresCounter.Add(
                    1,
                    new KeyValuePair<string, object?>("reason", e.Reason.ToString()),
                    new KeyValuePair<string, object?>("treatment", treatment == CalDavFailureMode.RefuseSlots ? "refuse_slots" : "windows_only"));
                Log.ReadFailed(_logger, id, e.CalendarUrl, e.Reason, treatment, e);
                busy = treatment == CalDavFailureMode.RefuseSlots ? BusyTime.Unknown : Free;
            }
        }

        var entry = new Entry(now, span, busy) { LastUse = Interlocked.Increment(ref _uses) };
        _cache[id] = entry;
        TrimIfFull(options.MaxCachedCalendars);
        return (id, entry);
    }

    private async ValueTask<DateTimeZone> ZoneOfAsync(InterviewerId id, CancellationToken cancellationToken)
    {
        var profile = await _directory.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return profile?.TimeZone ?? DateTimeZone.Utc;
    }

    /// <summary>Drops the least recently used tenth when the cache holds more than <paramref name="max"/> calendars.</summary>
    private void TrimIfFull(int max)
    {
        if (_cache.Count <= max)
        {
            return;
        }

        var drop = _cache.Count - max + (max / 10);
        foreach (var (id, _) in _cache.OrderBy(static pair => pair.Value.LastUse).Take(drop).ToList())
        {
            _cache.TryRemove(id, out _);
        }
    }

    /// <summary>One cached read: when, over which span, and what it said (<see langword="null"/>: the interviewer has no calendar).</summary>
    private sealed class Entry(Instant readAt, Interval covered, BusyTime? busy)
    {
        public int Refreshing;

        public Instant ReadAt { get; } = readAt;

        public Interval Covered { get; } = covered;

        public BusyTime? Busy { get; } = busy;

        public long LastUse { get; set; }

        public bool Covers(Interval window) => Covered.Start <= window.Start && window.End <= Covered.End;
    }
}
