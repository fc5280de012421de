namespace InterviewBooking;

/// <summary>
/// An in-memory index of interviewers that lets <see cref="ScoringInterviewerMatcher"/> find the candidates for a slot without
/// scoring every interviewer: posting lists from each category token and zone to the active interviewers whose weekly windows
/// touch each local hour of the week (and who have extra windows on each date). Expose it from a directory through
/// <see cref="IIndexedInterviewerDirectory"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Readers never lock and never see half a change: all state lives in one immutable snapshot that writers replace
/// atomically (writers take turns). An edit copies only the lists it touches, so adding, updating, removing or deactivating one
/// interviewer costs about the size of their categories' lists in their zone, never a rebuild.</para>
/// <para>Tokens are indexed as <see cref="SkillToken"/>s; aliases (<see cref="InterviewBookingOptions.SkillAliases"/>) apply when
/// matching, so changing them needs no re-indexing.</para>
/// </remarks>
public sealed class InterviewerIndex
{
    private readonly Lock _writeGate = new();
    private readonly Dictionary<DateTimeZone, int> _zones = new(ReferenceEqualityComparer.Instance);
    private volatile IndexSnapshot _current = IndexSnapshot.Empty(new TokenTable());

    /// <summary>How many interviewers are stored, active or not.</summary>
    public int Count => _current.ById.Count;

    /// <summary>How many stored interviewers are active.</summary>
    public int ActiveCount => _current.ActiveCount;

    /// <summary>The current snapshot; read it once per operation.</summary>
    internal IndexSnapshot Current => _current;

    /// <summary>Adds an interviewer, or replaces the stored profile with the same id (re-indexing it).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The profile has no id or no zone, or a buffer, its notice or its horizon is out of range.</exception>
    public void AddOrUpdate(InterviewerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        AddOrUpdateRange([profile]);
    }

    /// <summary>Adds or replaces many interviewers in one change: readers see all of them or none.</summary>
    /// <param name="profiles">The profiles; the last profile with an id wins.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profiles"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A profile has no id or no zone, or a buffer, its notice or its horizon is out of range; nothing is changed.</exception>
    public void AddOrUpdateRange(IEnumerable<InterviewerProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var batch = new Dictionary<InterviewerId, InterviewerProfile>();
        foreach (var profile in profiles)
        {
            ArgumentNullException.ThrowIfNull(profile, nameof(profiles));
            if (profile.Id.IsEmpty)
            {
                throw new ArgumentException($"An interviewer profile needs an id; the profile named \"{profile.Name}\" has none.", nameof(profiles));
            }

            batch[profile.Id] = profile;
        }

        lock (_writeGate)
        {
            var current = _current;
            var compiled = new List<IndexedInterviewer>(batch.Count);
            foreach (var profile in batch.Values)
            {
                compiled.Add(new IndexedInterviewer(profile, current.Tokens, ZoneOf(profile.TimeZone)));
            }

            var editor = new IndexEditor(current);
            foreach (var entry in compiled)
            {
                editor.Remove(entry.Id);
                editor.Add(entry);
            }

            _current = editor.ToSnapshot(_zones.Count);
        }
    }

    /// <summary>Removes an interviewer.</summary>
    /// <returns>Whether an interviewer with that id was stored.</returns>
    public bool Remove(InterviewerId id)
    {
        if (id.IsEmpty)
        {
            return false;
        }

        lock (_writeGate)
        {
            var editor = new IndexEditor(_current);
            if (!editor.Remove(id))
            {
                return false;
            }

            _current = editor.ToSnapshot(_zones.Count);
            return true;
        }
    }

    /// <summary>The stored profile with <paramref name="id"/>, active or not, or <see langword="null"/>.</summary>
    public InterviewerProfile? Get(InterviewerId id) =>
        !id.IsEmpty && _current.ById.TryGetValue(id, out var entry) ? entry.Profile : null;

    /// <summary>
    /// The active interviewers who list <paramref name="skillCategory"/> (compared as a <see cref="SkillToken"/>, without aliases),
    /// or every active interviewer when it is <see langword="null"/>; ordered by id (ordinal). A blank category matches nobody.
    /// The list never changes after it is returned.
    /// </summary>
    public IReadOnlyList<InterviewerProfile> Find(string? skillCategory)
    {
        var snapshot = _current;
        if (skillCategory is null)
        {
            return snapshot.Find(IndexSnapshot.AnyCategory);
        }

        var token = SkillToken.Normalize(skillCategory);
        var id = token.Length == 0 ? -1 : snapshot.Tokens.Find(token);
        return id < 0 ? [] : snapshot.Find(id);
    }

    private int ZoneOf(DateTimeZone? zone)
    {
        if (zone is null)
        {
            return -1; // the profile is refused when compiled
        }

        if (!_zones.TryGetValue(zone, out var ordinal))
        {
            _zones.Add(zone, ordinal = _zones.Count);
        }

        return ordinal;
    }
}
