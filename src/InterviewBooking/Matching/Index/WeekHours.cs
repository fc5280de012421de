using System.Numerics;

namespace InterviewBooking;

/// <summary>A set of hours of the week, 0..167 ((ISO day - 1) * 24 + hour), as 168 bits.</summary>
internal readonly record struct WeekHours(ulong Low, ulong Middle, ulong High)
{
    public const int Count = 7 * 24;

    public WeekHours With(int hour) => (hour >> 6) switch
    {
        0 => this with { Low = Low | (1UL << hour) },
        1 => this with { Middle = Middle | (1UL << (hour - 64)) },
        _ => this with { High = High | (1UL << (hour - 128)) },
    };

    /// <summary>Whether <paramref name="hour"/> (0..167) is in the set.</summary>
    public bool Contains(int hour) => (hour >> 6) switch
    {
        0 => (Low & (1UL << hour)) != 0,
        1 => (Middle & (1UL << (hour - 64))) != 0,
        _ => (High & (1UL << (hour - 128))) != 0,
    };

    public WeekHours Union(WeekHours other) => new(Low | other.Low, Middle | other.Middle, High | other.High);

    /// <summary>The hours in the set, ascending.</summary>
    public IEnumerable<int> Hours()
    {
        foreach (var (bits, offset) in new[] { (Low, 0), (Middle, 64), (High, 128) })
        {
            var rest = bits;
            while (rest != 0)
            {
                yield return offset + BitOperations.TrailingZeroCount(rest);
                rest &= rest - 1;
            }
        }
    }
}
