namespace InterviewBooking;

/// <summary>
/// The starts a slot search looks at, earliest first: for each interviewer zone in the search, the instants whose reading on that
/// zone's wall clock is a whole multiple of the step since local midnight. A start belongs to the zones whose grid holds it
/// (<see cref="IsOnGrid"/>), and only their interviewers are ranked for it.
/// </summary>
/// <remarks>
/// A grid on the interviewer's own clock is what their windows are written in: a window from 09:00 in Kathmandu (+05:45) starts a
/// slot at 09:00 there (03:15 UTC), which a UTC-aligned grid would never offer, and a one-hour step in Kolkata (+05:30) starts on the
/// local hour. In whole- and half-hour zones the default 30-minute grid is the UTC one. Both readings of a fall-back hour are
/// starts; a spring-forward gap has none.
/// </remarks>
internal sealed class SlotGrid
{
    private readonly DateTimeZone?[] _zones;
    private readonly int[] _used;
    private readonly Instant[] _next;
    private readonly Instant[] _intervalStart;
    private readonly Instant[] _intervalEnd;
    private readonly long[] _offsetTicks;
    private readonly long _stepTicks;
    private readonly Instant _from;
    private readonly Instant _end;
    private bool _started;

    /// <summary>A grid over <c>[from, end)</c> for the zones given by ordinal (a <see langword="null"/> ordinal is not in the search).</summary>
    public SlotGrid(DateTimeZone?[] zones, Instant from, Instant end, Duration step)
    {
        _zones = zones;
        _used = [.. Enumerable.Range(0, zones.Length).Where(z => zones[z] is not null)];
        _next = new Instant[zones.Length];
        _intervalStart = new Instant[zones.Length];
        _intervalEnd = new Instant[zones.Length];
        _offsetTicks = new long[zones.Length];
        _stepTicks = step.BclCompatibleTicks;
        _from = from;
        _end = end;
    }

    /// <summary>The current start (after <see cref="MoveNext"/> returned <see langword="true"/>).</summary>
    public Instant Current { get; private set; }

    /// <summary>Whether the current start is on the grid of the zone with ordinal <paramref name="zone"/>.</summary>
    public bool IsOnGrid(int zone) => _zones[zone] is not null && _next[zone] == Current;

    /// <summary>Moves to the next start before the end; <see langword="false"/> when there is none.</summary>
    public bool MoveNext()
    {
        if (_used.Length == 0)
        {
            return false;
        }

        var earliest = Instant.MaxValue;
        foreach (var zone in _used)
        {
            if (!_started)
            {
                _intervalEnd[zone] = Instant.MinValue; // nothing cached yet
                _next[zone] = NextAtOrAfter(zone, _from);
            }
            else if (_next[zone] == Current)
            {
                _next[zone] = NextAtOrAfter(zone, Current + Duration.Epsilon);
            }

            earliest = Instant.Min(earliest, _next[zone]);
        }

        _started = true;
        if (earliest >= _end)
        {
            Current = _end;
            return false;
        }

        Current = earliest;
        return true;
    }

    /// <summary>The first instant at or after <paramref name="at"/> on the zone's local grid.</summary>
    private Instant NextAtOrAfter(int zone, Instant at)
    {
        while (true)
        {
            if (at < _intervalStart[zone] || at >= _intervalEnd[zone])
            {
                var interval = _zones[zone]!.GetZoneInterval(at);
                _intervalStart[zone] = interval.HasStart ? interval.Start : Instant.MinValue;
                _intervalEnd[zone] = interval.HasEnd ? interval.End : Instant.MaxValue;
                _offsetTicks[zone] = interval.WallOffset.Ticks;
            }

            // Local ticks since the local epoch: a multiple of the step there is one since local midnight (the step divides a day).
            var ticks = at.ToUnixTimeTicks();
            var local = ticks + _offsetTicks[zone] + (Instant.FromUnixTimeTicks(ticks) < at ? 1 : 0);
            var remainder = ((local % _stepTicks) + _stepTicks) % _stepTicks;
            var start = Instant.FromUnixTimeTicks(local + (remainder == 0 ? 0 : _stepTicks - remainder) - _offsetTicks[zone]);
            if (start < _intervalEnd[zone] || _intervalEnd[zone] == Instant.MaxValue)
            {
                return start;
            }

            at = _intervalEnd[zone];
        }
    }
}
