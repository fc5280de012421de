using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace InterviewBooking;

/// <summary>
/// One consistent state of an interviewer index, never changed once published: every interviewer by id, the active ones by ordinal
/// (in chunks, so an edit copies only the chunks it touches), and the posting lists by category and zone. A match reads one snapshot
/// from start to end, so a concurrent edit can never show it half a change.
/// </summary>
/// <remarks>
/// A snapshot without postings (<see cref="IsIndexed"/> false) is built for one match from a plain directory's list; every one of its
/// interviewers is a candidate.
/// </remarks>
internal sealed class IndexSnapshot
{
    /// <summary>The posting key of "every active interviewer", whatever their categories.</summary>
    public const int AnyCategory = -1;

    internal const int ChunkBits = 10;
    internal const int ChunkSize = 1 << ChunkBits;

    private readonly IndexedInterviewer?[][] _chunks;
    private readonly HotFields[][] _hot;
    private readonly ImmutableDictionary<int, CategoryPostings>? _postings;
    private ConcurrentDictionary<int, ImmutableArray<InterviewerProfile>>? _found;

    internal IndexSnapshot(
        TokenTable tokens,
        int zoneCount,
        ImmutableDictionary<InterviewerId, IndexedInterviewer> byId,
        IndexedInterviewer?[][] chunks,
        HotFields[][] hot,
        int ordinalLimit,
        ImmutableStack<int> freeOrdinals,
        int activeCount,
        ImmutableDictionary<int, CategoryPostings>? postings)
    {
        Tokens = tokens;
        ZoneCount = zoneCount;
        ById = byId;
        _chunks = chunks;
        _hot = hot;
        OrdinalLimit = ordinalLimit;
        FreeOrdinals = freeOrdinals;
        ActiveCount = activeCount;
        _postings = postings;
    }

    public TokenTable Tokens { get; }

    /// <summary>How many zone ordinals are in use (every interviewer's <see cref="IndexedInterviewer.Zone"/> is below it).</summary>
    public int ZoneCount { get; }

    /// <summary>Every interviewer stored, active or not.</summary>
    public ImmutableDictionary<InterviewerId, IndexedInterviewer> ById { get; }

    /// <summary>One more than the highest ordinal ever given (some below it may be free).</summary>
    public int OrdinalLimit { get; }

    public ImmutableStack<int> FreeOrdinals { get; }

    public int ActiveCount { get; }

    /// <summary>Whether posting lists narrow the candidates; otherwise every active interviewer is one.</summary>
    public bool IsIndexed => _postings is not null;

    internal IndexedInterviewer?[][] Chunks => _chunks;

    internal HotFields[][] HotChunks => _hot;

    internal ImmutableDictionary<int, CategoryPostings>? Postings => _postings;

    /// <summary>The active interviewer at <paramref name="ordinal"/>, or <see langword="null"/> for a free ordinal.</summary>
    public IndexedInterviewer? this[int ordinal] => _chunks[ordinal >> ChunkBits][ordinal & (ChunkSize - 1)];

    /// <summary>The hot fields of the active interviewer at <paramref name="ordinal"/> (default for a free ordinal).</summary>
    public ref readonly HotFields Hot(int ordinal) => ref _hot[ordinal >> ChunkBits][ordinal & (ChunkSize - 1)];

    /// <summary>An empty, indexed snapshot over <paramref name="tokens"/>.</summary>
    public static IndexSnapshot Empty(TokenTable tokens) => new(
        tokens, 0, ImmutableDictionary<InterviewerId, IndexedInterviewer>.Empty, [], [], 0, ImmutableStack<int>.Empty, 0,
        ImmutableDictionary<int, CategoryPostings>.Empty);

    /// <summary>
    /// A snapshot without postings of a plain directory's list, for one match: nulls, inactive profiles and repeated ids
    /// (after the first) are left out.
    /// </summary>
    public static IndexSnapshot Unindexed(IEnumerable<InterviewerProfile?> profiles)
    {
        var tokens = new TokenTable();
        var zones = new Dictionary<DateTimeZone, int>(ReferenceEqualityComparer.Instance);
        var byId = ImmutableDictionary.CreateBuilder<InterviewerId, IndexedInterviewer>();
        var entries = new List<IndexedInterviewer>();
        foreach (var profile in profiles)
        {
            if (profile is not { IsActive: true } || byId.ContainsKey(profile.Id) || profile.TimeZone is null)
            {
                continue;
            }

            if (!zones.TryGetValue(profile.TimeZone, out var zone))
            {
                zones.Add(profile.TimeZone, zone = zones.Count);
            }

            var entry = new IndexedInterviewer(profile, tokens, zone) { Ordinal = entries.Count };
            byId.Add(profile.Id, entry);
            entries.Add(entry);
        }

        var chunks = entries.Chunk(ChunkSize).Select(static chunk => (IndexedInterviewer?[])[.. chunk, .. new IndexedInterviewer?[ChunkSize - chunk.Length]]).ToArray();
        var hot = entries.Chunk(ChunkSize).Select(static chunk => (HotFields[])[.. chunk.Select(static e => new HotFields(e)), .. new HotFields[ChunkSize - chunk.Length]]).ToArray();
        return new IndexSnapshot(tokens, zones.Count, byId.ToImmutable(), chunks, hot, entries.Count, ImmutableStack<int>.Empty, entries.Count, null);
    }

    /// <summary>The postings of one category token id (or <see cref="AnyCategory"/>), or <see langword="null"/>.</summary>
    public CategoryPostings? PostingsOf(int category) => _postings?.GetValueOrDefault(category);

    /// <summary>The active profiles in one category token id (or <see cref="AnyCategory"/>), ordered by id; computed once per snapshot.</summary>
    public ImmutableArray<InterviewerProfile> Find(int category)
    {
        var found = _found ?? Interlocked.CompareExchange(ref _found, new(), null) ?? _found;
        return found.GetOrAdd(category, static (key, snapshot) =>
        {
            var members = new List<IndexedInterviewer>();
            foreach (var zone in snapshot.PostingsOf(key)?.Zones ?? [])
            {
                foreach (var ordinal in zone.All)
                {
                    members.Add(snapshot[ordinal]!);
                }
            }

            members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return [.. members.Select(static m => m.Profile)];
        }, this);
    }
}
