namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>Free slots grouped by the candidate's days, each with the best interviewer for it.</summary>
/// <param name="SearchedFrom">Where the search started.</param>
/// <param name="SearchedTo">Where it ended.</param>
/// <param name="Count">How many slots are listed.</param>
/// <param name="Truncated">Whether more were free than listed.</param>
/// <param name="Days">The days, earliest first.</param>
public sealed record SlotSearchView(Instant SearchedFrom, Instant SearchedTo, int Count, bool Truncated, IReadOnlyList<SlotDayView> Days)
{
    /// <summary>The view of a search result.</summary>
    public static SlotSearchView From(SlotSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Searched.Start, result.Searched.End, result.Count, result.Truncated,
            result.Days.Select(d => new SlotDayView(d.Date, d.Slots.Select(AlternativeView.From).ToArray())).ToArray());
    }
}
