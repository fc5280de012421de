using System.Buffers;

namespace InterviewBooking;

/// <summary>
/// One start of a slot search's grid as the search looks at it: the slot, its lead from now, and how it reads on each zone's wall
/// clock (read once per zone and start). The search keeps one for the start it ranks and one for looking ahead. Borrowed buffers go
/// back to their pools on <see cref="Dispose"/>.
/// </summary>
internal sealed class SlotSearchStart : IDisposable
{
    private readonly SlotReadings[] _readings;
    private readonly int[] _readAt;
    private readonly int[] _weekHours;
    private readonly int[] _weekHourAt;
    private readonly Duration _duration;
    private readonly Instant _now;
    private int _stamp;

    public SlotSearchStart(SlotGrid grid, int zoneCount, Duration duration, Instant now)
    {
        Grid = grid;
        _readings = ArrayPool<SlotReadings>.Shared.Rent(zoneCount);
        _readAt = ArrayPool<int>.Shared.Rent(zoneCount);
        _weekHours = ArrayPool<int>.Shared.Rent(zoneCount);
        _weekHourAt = ArrayPool<int>.Shared.Rent(zoneCount);
        Array.Clear(_readings, 0, zoneCount);
        Array.Clear(_readAt, 0, zoneCount);
        Array.Clear(_weekHourAt, 0, zoneCount);
        _duration = duration;
        _now = now;
    }

    /// <summary>The grid this start moves along.</summary>
    public SlotGrid Grid { get; private set; }

    public Interval Slot { get; private set; }

    /// <summary>How far the slot starts after now, in nanoseconds (see <see cref="IndexedInterviewer.LeadNanoseconds"/>).</summary>
    public long Lead { get; private set; }

    /// <summary>Moves along <paramref name="grid"/> from now on, at its current start.</summary>
    public void Follow(SlotGrid grid)
    {
        Grid = grid;
        Take();
    }

    /// <summary>Moves to the grid's next start; <see langword="false"/> at the end.</summary>
    public bool MoveNext()
    {
        if (!Grid.MoveNext())
        {
            return false;
        }

        Take();
        return true;
    }

    /// <summary>The hour of the week the slot starts at in the zone with ordinal <paramref name="zone"/>, on its grid (see <see cref="SlotGrid.WeekHourIn"/>).</summary>
    public int WeekHourIn(int zone)
    {
        if (_weekHourAt[zone] != _stamp)
        {
            _weekHours[zone] = Grid.WeekHourIn(zone);
            _weekHourAt[zone] = _stamp;
        }

        return _weekHours[zone];
    }

    /// <summary>How the slot reads in the zone with ordinal <paramref name="zone"/>.</summary>
    public ref readonly SlotReadings ReadingsIn(int zone, DateTimeZone timeZone)
    {
        if (_readAt[zone] != _stamp)
        {
            _readings[zone] = SlotReadings.Read(timeZone, Slot, _readings[zone]);
            _readAt[zone] = _stamp;
        }

        return ref _readings[zone];
    }

    public void Dispose()
    {
        ArrayPool<SlotReadings>.Shared.Return(_readings);
        ArrayPool<int>.Shared.Return(_readAt);
        ArrayPool<int>.Shared.Return(_weekHours);
        ArrayPool<int>.Shared.Return(_weekHourAt);
    }

    private void Take()
    {
        Slot = new Interval(Grid.Current, Grid.Current + _duration);
        Lead = IndexedInterviewer.LeadNanoseconds(Slot.Start, _now);
        _stamp++;
    }
}
