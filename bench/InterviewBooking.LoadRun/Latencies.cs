using System.Collections.Concurrent;

namespace InterviewBooking.LoadRun;

/// <summary>Every request's latency and answer, by request kind (a start, a webhook delivery).</summary>
internal sealed class Latencies
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _milliseconds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, int Status), int> _answers = new();

    public void Record(string kind, int status, TimeSpan elapsed)
    {
        _milliseconds.GetOrAdd(kind, static _ => new()).Enqueue(elapsed.TotalMilliseconds);
        _answers.AddOrUpdate((kind, status), 1, static (_, n) => n + 1);
    }

    public IReadOnlyList<string> Kinds => [.. _milliseconds.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyList<double> Of(string kind) => _milliseconds.TryGetValue(kind, out var all) ? [.. all] : [];

    /// <summary>How often each kind was answered with each status code.</summary>
    public IReadOnlyDictionary<(string Kind, int Status), int> Answers => new SortedDictionary<(string Kind, int Status), int>(_answers);

    /// <summary>
    /// The nearest-rank percentile: the smallest value that at least <paramref name="percent"/> % of the values do not exceed
    /// (p50 of 1..100 is 50, p99 is 99, p100 the maximum); <see cref="double.NaN"/> for no values.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        // percent * n first: 0.99 * 100 is 99.000000000000014 in binary, whose ceiling is one rank too high.
        var rank = (int)Math.Ceiling(percent * sorted.Length / 100);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
