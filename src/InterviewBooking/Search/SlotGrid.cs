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

    private SlotGrid(SlotGrid other)
    {
        _zones = other._zones;
        _used = other._used;
        _next = (Instant[])other._next.Clone();
        _intervalStart = (Instant[])other._intervalStart.Clone();
        _intervalEnd = (Instant[])other._intervalEnd.Clone();
        _offsetTicks = (long[])other._offsetTicks.Clone();
        _stepTicks = other._stepTicks;
        _from = other._from;
        _end = other._end;
        _started = other._started;
        Current = other.Current;
    }

    /// <summary>The current start (after <see cref="MoveNext"/> returned <see langword="true"/>).</summary>
    public Instant Current { get; private set; }

    private Duration Step => Duration.FromTicks(_stepTicks);

    /// <summary>Whether the current start is on the grid of the zone with ordinal <paramref name="zone"/>.</summary>
    public bool IsOnGrid(int zone) => _zones[zone] is not null && _next[zone] == Current;

    /// <summary>
    /// The hour of the week, (ISO day - 1) * 24 + hour, that the current start reads in the zone with ordinal <paramref name="zone"/>
    /// (on its grid): <see cref="SlotReadings.WeekHour"/> without reading the slot.
    /// </summary>
    public int WeekHourIn(int zone)
    {
        var local = Current.ToUnixTimeTicks() + _offsetTicks[zone];
        var days = Math.DivRem(local, TimeSpan.TicksPerDay, out var ofDay);
        if (ofDay < 0)
        {
            days--;
            ofDay += TimeSpan.TicksPerDay;
        }

        // 1 January 1970 was a Thursday: ISO day 4, so (days + 3) mod 7 is the ISO day minus one.
        var isoDayLess1 = (int)(((days % 7) + 10) % 7);
        return (isoDayLess1 * 24) + (int)(ofDay / TimeSpan.TicksPerHour);
    }

    /// <summary>A copy at the same start that moves on its own: for looking ahead without moving this grid.</summary>
    public SlotGrid Fork() => new(this);

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
                // On the zone's grid, the next start is a step later unless the zone's offset changes before it.
                var following = Current + Step;
                _next[zone] = following < _intervalEnd[zone] ? following : NextAtOrAfter(zone, Current + Duration.Epsilon);
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
