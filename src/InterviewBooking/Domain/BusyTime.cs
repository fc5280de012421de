namespace InterviewBooking;

/// <summary>One interviewer's outside busy time (<see cref="IBusyTimeSource"/>): the busy spans, or unknown when the source could not be read.</summary>
public sealed record BusyTime
{
    /// <summary>A source that could not be read and is configured to refuse: no slot of the interviewer is offered.</summary>
    public static BusyTime Unknown { get; } = new() { IsUnknown = true };

    /// <summary>The busy spans, in any order; they may overlap.</summary>
    public IReadOnlyList<Interval> Intervals { get; init; } = [];

    /// <summary>Whether the source could not say: the interviewer is then treated as busy all the time.</summary>
    public bool IsUnknown { get; init; }

    /// <summary>Whether <paramref name="slot"/>, widened by <paramref name="margin"/> on both sides, meets a busy span (or the busy time is unknown).</summary>
    /// <param name="slot">The slot looked at.</param>
    /// <param name="margin">The interviewer's buffer around an interview.</param>
    /// <returns><see langword="true"/> when the slot may not be offered.</returns>
    public bool Blocks(Interval slot, Duration margin)
    {
        if (IsUnknown)
        {
            return true;
        }

        // The widened slot once, not per span: a matcher asks this for every candidate, and calendars hold many spans.
        var from = slot.Start - margin;
        var to = slot.End + margin;
        foreach (var busy in Intervals)
        {
            if (busy.Start < to && from < busy.End)
            {
                return true;
            }
        }

        return false;
    }
}
