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

    /// <summary>
    /// <see cref="CountAsync(int, Func{int, Task})"/>, and the commits that wrote, on average: the transaction ids the server assigned meanwhile
    /// (the next id, read before and after outside the counted flow; only a transaction that writes gets one, so reads are left out). Exact
    /// only while nothing else writes to the cluster, as on a benchmark cluster of its own.
    /// </summary>
    public static async Task<(double RoundTrips, double Commits)> CountAsync(Npgsql.NpgsqlDataSource dataSource, int times, Func<int, Task> operation)
    {
        var before = await NextTransactionIdAsync(dataSource);
        var roundTrips = await CountAsync(times, operation);
        var after = await NextTransactionIdAsync(dataSource);
        return (roundTrips, (double)(after - before) / times);
    }

    /// <summary>Prints a counted figure where BenchmarkDotNet's log shows it (the benchmark process's output).</summary>
    public static void Report(string what, double roundTrips) =>
        Console.WriteLine(FormattableString.Invariant($"// round trips per {what}: {roundTrips:0.##}"));

    /// <summary>Prints counted round trips and commits.</summary>
    public static void Report(string what, (double RoundTrips, double Commits) counted) =>
        Console.WriteLine(FormattableString.Invariant($"// round trips per {what}: {counted.RoundTrips:0.##}, commits that wrote: {counted.Commits:0.##}"));

    private static async Task<long> NextTransactionIdAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class Counter
    {
        public long RoundTrips;
    }
}
