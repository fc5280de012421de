namespace InterviewBooking.LoadRun;

/// <summary>
/// The hosts' clock: the marketplace's start when the run begins, then moving with real time (a run lasts minutes, far less than a hold),
/// so the stress marketplace's slots, a week ahead of its start, are bookable whatever the date.
/// </summary>
internal sealed class LoadClock(Instant start, IClock real) : IClock
{
    private readonly Instant _began = real.GetCurrentInstant();

    public Instant GetCurrentInstant() => start + (real.GetCurrentInstant() - _began);
}
