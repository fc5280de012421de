using System.Diagnostics;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Counts the round trips to PostgreSQL that the code awaited inside <see cref="CountAsync"/> makes: Npgsql traces every command and every
/// batch it sends (one batch is one round trip, however many statements it holds) as an activity of its <c>Npgsql</c> source, and this
/// listener counts the ones stopped in the counted flow. Physical connection opens (<c>CONNECT</c>) are left out, and so is work on other
/// flows (the directory's listener, a pool's background work). An explicit transaction's <c>COMMIT</c> is a round trip Npgsql does not
/// trace; none of the paths measured here uses one (their batches run in implicit transactions).
/// </summary>
/// <remarks>
/// The listener costs an activity per command, so it is never on while BenchmarkDotNet measures: a benchmark counts a few operations in its
/// setup and prints the figure (<see cref="Report"/>).
/// </remarks>
internal static class NpgsqlRoundTrips
{
    private static readonly AsyncLocal<Counter?> Current = new();

    /// <summary>Runs <paramref name="operation"/> <paramref name="times"/> times, one after another, and returns the round trips each made on average.</summary>
    public static async Task<double> CountAsync(int times, Func<int, Task> operation)
    {
        var counter = new Counter();
        using var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "Npgsql",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = static activity =>
            {
                if (Current.Value is { } counting && !activity.OperationName.StartsWith("CONNECT", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref counting.RoundTrips);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        Current.Value = counter;
        try
        {
            for (var i = 0; i < times; i++)
            {
                await operation(i);
            }
        }
        finally
        {
            Current.Value = null;
        }

        return (double)Interlocked.Read(ref counter.RoundTrips) / times;
    }

    /// <summary>Prints a counted figure where BenchmarkDotNet's log shows it (the benchmark process's output).</summary>
    public static void Report(string what, double roundTrips) =>
        Console.WriteLine(FormattableString.Invariant($"// round trips per {what}: {roundTrips:0.##}"));

    private sealed class Counter
    {
        public long RoundTrips;
    }
}
