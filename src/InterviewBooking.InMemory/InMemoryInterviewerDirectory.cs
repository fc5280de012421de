namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IInterviewerDirectory"/> held in memory, kept in an <see cref="InterviewerIndex"/>: the default matcher
/// reads the index (<see cref="IIndexedInterviewerDirectory"/>), so a match does not score every interviewer, and
/// <see cref="FindAsync"/> reads a category's posting lists instead of scanning everyone.
/// </summary>
/// <remarks>
/// Readers never lock and never see a half-applied change: all state lives in one immutable snapshot that writers replace atomically
/// (writers take turns), and an edit copies only the lists it touches. Lists are ordered by interviewer id (ordinal), so results
/// are deterministic.
/// </remarks>
public sealed class InMemoryInterviewerDirectory : IIndexedInterviewerDirectory
{
    /// <summary>How many interviewers are stored, active or not.</summary>
    public int Count => Index.Count;

    /// <summary>How many stored interviewers are active.</summary>
    public int ActiveCount => Index.ActiveCount;

    /// <inheritdoc />
    public InterviewerIndex Index { get; } = new();

    /// <summary>Adds an interviewer, or replaces the stored profile with the same id (re-indexing it).</summary>
    /// <param name="profile">The profile; its <see cref="InterviewerProfile.Id"/> must not be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The profile has no id or no zone, or a buffer, its notice or its horizon is out of range.</exception>
    public void AddOrUpdate(InterviewerProfile profile) => Index.AddOrUpdate(profile);

    /// <summary>Adds or replaces many interviewers in one change: readers see all of them or none.</summary>
    /// <param name="profiles">The profiles; each id must not be empty (the last profile with an id wins).</param>
    /// <exception cref="ArgumentNullException"><paramref name="profiles"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A profile is invalid (see <see cref="AddOrUpdate"/>); nothing is changed.</exception>
    public void AddOrUpdateRange(IEnumerable<InterviewerProfile> profiles) => Index.AddOrUpdateRange(profiles);

    /// <summary>Removes an interviewer.</summary>
    /// <param name="id">The interviewer's id.</param>
    /// <returns>Whether an interviewer with that id was stored.</returns>
    public bool Remove(InterviewerId id) => Index.Remove(id);

    /// <inheritdoc />
    /// <remarks>Returns an inactive interviewer's profile too (with <see cref="InterviewerProfile.IsActive"/> false); only <see cref="FindAsync"/> leaves them out.</remarks>
    public ValueTask<InterviewerProfile?> GetAsync(InterviewerId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Index.Get(id));
    }

    /// <inheritdoc />
    /// <remarks>A blank category matches nobody. The list is ordered by interviewer id and never changes after it is returned.</remarks>
    public ValueTask<IReadOnlyList<InterviewerProfile>> FindAsync(string? skillCategory, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Index.Find(skillCategory));
    }
}
