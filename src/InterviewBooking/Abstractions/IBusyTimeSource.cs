namespace InterviewBooking;

/// <summary>
/// Busy time kept outside the library (an interviewer's own calendar, say), which the matcher and the hold check consult besides
/// the reservation store. The default source knows no busy time; an adapter (InterviewBooking.CalDav) replaces it. Outside busy
/// time is advisory: it cannot be locked, so a slot is refused when it was busy at the source's last read.
/// </summary>
public interface IBusyTimeSource
{
    /// <summary>
    /// The busy time of each of <paramref name="interviewers"/> that overlaps <paramref name="window"/>. An interviewer missing from
    /// the answer has no outside busy time; one whose <see cref="BusyTime.IsUnknown"/> is set must not be offered in the window.
    /// </summary>
    /// <param name="interviewers">The interviewers asked about (distinct).</param>
    /// <param name="window">The span asked about.</param>
    /// <param name="use">Who asks: matching may be answered from a cache of any age, the check before a hold from a fresh enough read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyDictionary<InterviewerId, BusyTime>> GetBusyTimeAsync(
        IReadOnlyList<InterviewerId> interviewers,
        Interval window,
        BusyTimeUse use,
        CancellationToken cancellationToken = default);
}
