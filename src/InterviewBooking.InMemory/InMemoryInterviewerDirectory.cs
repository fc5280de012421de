using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IInterviewerDirectory"/> held in memory, with an inverted index from each normalized skill category
/// (<see cref="SkillToken.Normalize"/>) to the active interviewers who cover it, so <see cref="FindAsync"/> never scans everyone.
/// </summary>
/// <remarks>
/// Readers never lock and never see a half-applied change: all state lives in one immutable snapshot that writers replace atomically
/// (writers take turns). Lists are ordered by interviewer id (ordinal), so results are deterministic.
/// </remarks>
public sealed class InMemoryInterviewerDirectory : IInterviewerDirectory
{
    private readonly Lock _writeGate = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>How many interviewers are stored, active or not.</summary>
    public int Count => _snapshot.ById.Count;

    /// <summary>How many stored interviewers are active.</summary>
    public int ActiveCount => _snapshot.Active.Count;

    /// <summary>Adds an interviewer, or replaces the stored profile with the same id (re-indexing its categories).</summary>
    /// <param name="profile">The profile; its <see cref="InterviewerProfile.Id"/> must not be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The profile's id is empty.</exception>
    public void AddOrUpdate(InterviewerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        AddOrUpdateRange([profile]);
    }

    /// <summary>Adds or replaces many interviewers in one change: readers see all of them or none.</summary>
    /// <param name="profiles">The profiles; each id must not be empty (the last profile with an id wins).</param>
    /// <exception cref="ArgumentNullException"><paramref name="profiles"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A profile's id is empty; nothing is changed.</exception>
    public void AddOrUpdateRange(IEnumerable<InterviewerProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var batch = profiles.ToList();
        foreach (var profile in batch)
        {
            ArgumentNullException.ThrowIfNull(profile, nameof(profiles));
            if (profile.Id.IsEmpty)
            {
                throw new ArgumentException($"An interviewer profile needs an id; the profile named \"{profile.Name}\" has none.", nameof(profiles));
            }
        }

        lock (_writeGate)
        {
            var editor = new Editor(_snapshot);
            foreach (var profile in batch)
            {
                editor.Remove(profile.Id);
                editor.Add(profile);
            }

            _snapshot = editor.ToSnapshot();
        }
    }

    /// <summary>Removes an interviewer.</summary>
    /// <param name="id">The interviewer's id.</param>
    /// <returns>Whether an interviewer with that id was stored.</returns>
    public bool Remove(InterviewerId id)
    {
        if (id.IsEmpty)
        {
            return false;
        }

        lock (_writeGate)
        {
            var editor = new Editor(_snapshot);
            if (!editor.Remove(id))
            {
                return false;
            }

            _snapshot = editor.ToSnapshot();
            return true;
        }
    }

    /// <inheritdoc />
    /// <remarks>Returns an inactive interviewer's profile too (with <see cref="InterviewerProfile.IsActive"/> false); only <see cref="FindAsync"/> leaves them out.</remarks>
    public ValueTask<InterviewerProfile?> GetAsync(InterviewerId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(!id.IsEmpty && _snapshot.ById.TryGetValue(id, out var profile) ? profile : null);
    }

    /// <inheritdoc />
    /// <remarks>A blank category matches nobody. The list is ordered by interviewer id and never changes after it is returned.</remarks>
    public ValueTask<IReadOnlyList<InterviewerProfile>> FindAsync(string? skillCategory, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = _snapshot;
        return ValueTask.FromResult(skillCategory is null ? snapshot.AllActive() : snapshot.InCategory(SkillToken.Normalize(skillCategory)));
    }

    private static IEnumerable<string> CategoriesOf(InterviewerProfile profile) =>
        profile.SkillCategories.Select(SkillToken.Normalize).Where(static token => token.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>Everything readers see, never changed once published; found lists are materialized once per snapshot and cached.</summary>
    private sealed class Snapshot(
        ImmutableDictionary<InterviewerId, InterviewerProfile> byId,
        ImmutableSortedDictionary<InterviewerId, InterviewerProfile> active,
        ImmutableDictionary<string, ImmutableSortedDictionary<InterviewerId, InterviewerProfile>> byCategory)
    {
        private static readonly IReadOnlyList<InterviewerProfile> None = ImmutableArray<InterviewerProfile>.Empty;

        private readonly ConcurrentDictionary<string, IReadOnlyList<InterviewerProfile>> _found = new(StringComparer.Ordinal);
        private IReadOnlyList<InterviewerProfile>? _allActive;

        public static Snapshot Empty { get; } = new(
            ImmutableDictionary<InterviewerId, InterviewerProfile>.Empty,
            ImmutableSortedDictionary.Create<InterviewerId, InterviewerProfile>(InterviewerIdComparer.Instance),
            ImmutableDictionary.Create<string, ImmutableSortedDictionary<InterviewerId, InterviewerProfile>>(StringComparer.Ordinal));

        public ImmutableDictionary<InterviewerId, InterviewerProfile> ById { get; } = byId;

        public ImmutableSortedDictionary<InterviewerId, InterviewerProfile> Active { get; } = active;

        public ImmutableDictionary<string, ImmutableSortedDictionary<InterviewerId, InterviewerProfile>> ByCategory { get; } = byCategory;

        public IReadOnlyList<InterviewerProfile> AllActive() =>
            _allActive ??= Active.Values.ToImmutableArray();

        public IReadOnlyList<InterviewerProfile> InCategory(string token) =>
            ByCategory.TryGetValue(token, out var members)
                ? _found.GetOrAdd(token, static (_, m) => m.Values.ToImmutableArray(), members)
                : None;
    }

    /// <summary>Builds the next snapshot from the current one.</summary>
    private sealed class Editor(Snapshot from)
    {
        private readonly ImmutableDictionary<InterviewerId, InterviewerProfile>.Builder _byId = from.ById.ToBuilder();
        private readonly ImmutableSortedDictionary<InterviewerId, InterviewerProfile>.Builder _active = from.Active.ToBuilder();
        private readonly ImmutableDictionary<string, ImmutableSortedDictionary<InterviewerId, InterviewerProfile>>.Builder _byCategory = from.ByCategory.ToBuilder();

        public void Add(InterviewerProfile profile)
        {
            _byId[profile.Id] = profile;
            if (!profile.IsActive)
            {
                return;
            }

            _active[profile.Id] = profile;
            foreach (var category in CategoriesOf(profile))
            {
                var members = _byCategory.TryGetValue(category, out var existing)
                    ? existing
                    : ImmutableSortedDictionary.Create<InterviewerId, InterviewerProfile>(InterviewerIdComparer.Instance);
                _byCategory[category] = members.SetItem(profile.Id, profile);
            }
        }

        public bool Remove(InterviewerId id)
        {
            if (!_byId.TryGetValue(id, out var old))
            {
                return false;
            }

            _byId.Remove(id);
            if (old.IsActive)
            {
                _active.Remove(id);
                foreach (var category in CategoriesOf(old))
                {
                    if (_byCategory.TryGetValue(category, out var members))
                    {
                        var rest = members.Remove(id);
                        if (rest.IsEmpty)
                        {
                            _byCategory.Remove(category);
                        }
                        else
                        {
                            _byCategory[category] = rest;
                        }
                    }
                }
            }

            return true;
        }

        public Snapshot ToSnapshot() => new(_byId.ToImmutable(), _active.ToImmutable(), _byCategory.ToImmutable());
    }
}
