namespace InterviewBooking;

/// <summary>The free slots a search found, earliest first, grouped by the candidate's local day.</summary>
public sealed record SlotSearchResult
{
    /// <summary>A result with no slots over <paramref name="searched"/>.</summary>
    internal static SlotSearchResult None(Interval searched) => new() { Searched = searched };

    /// <summary>The span searched for starts: from the later of now and the query's <see cref="SlotSearchQuery.From"/> (inclusive) to the end of the range (exclusive).</summary>
    public required Interval Searched { get; init; }

    /// <summary>The candidate's local days that have at least one slot, in order.</summary>
    public IReadOnlyList<SlotSearchDay> Days { get; init; } = [];

    /// <summary>How many slots the days hold together.</summary>
    public int Count { get; init; }

    /// <summary>Whether the search stopped at the slot limit before the end of the range (more slots may be free later).</summary>
    public bool Truncated { get; init; }
}
