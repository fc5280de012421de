namespace InterviewBooking.Sample;

/// <summary>The sample's clock: the system's time, plus however far the story moved it on (to when a reminder is due, say).</summary>
internal sealed class SampleClock : IClock
{
    private long _offsetTicks;

    public Instant GetCurrentInstant() => SystemClock.Instance.GetCurrentInstant() + Duration.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock on by <paramref name="by"/>.</summary>
    public void Advance(Duration by) => Interlocked.Add(ref _offsetTicks, by.BclCompatibleTicks);
}
