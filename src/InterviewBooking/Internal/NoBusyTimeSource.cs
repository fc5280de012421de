namespace InterviewBooking;

/// <summary>The default <see cref="IBusyTimeSource"/>: the reservations are all the busy time there is.</summary>
internal sealed class NoBusyTimeSource : IBusyTimeSource
{
    private static readonly IReadOnlyDictionary<InterviewerId, BusyTime> None = new Dictionary<InterviewerId, BusyTime>();

    public ValueTask<IReadOnlyDictionary<InterviewerId, BusyTime>> GetBusyTimeAsync(
        IReadOnlyList<InterviewerId> interviewers, Interval window, BusyTimeUse use, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(None);
}
