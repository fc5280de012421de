namespace InterviewBooking.Stress;

/// <summary>The simulated time every host instance reads (hosts with synchronized clocks): moves only forward, safely from any thread.</summary>
internal sealed class StressClock(Instant start) : IClock
{
    private long _ticks = start.ToUnixTimeTicks();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    /// <summary>Moves to <paramref name="instant"/> unless the clock is already past it.</summary>
    public void AdvanceTo(Instant instant)
    {
        var target = instant.ToUnixTimeTicks();
        var current = Interlocked.Read(ref _ticks);
        while (current < target)
        {
            var seen = Interlocked.CompareExchange(ref _ticks, target, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public void Advance(Duration duration) => Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);
}
