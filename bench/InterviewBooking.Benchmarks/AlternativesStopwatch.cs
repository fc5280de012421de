using System.Diagnostics;
using InterviewBooking.InMemory;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// A plain stopwatch loop over <see cref="MatchBenchmarks.MatchWithAlternatives"/>'s requests (nobody free, alternatives found):
/// <c>-- alternatives-stopwatch [count...]</c>. A cross-check for BenchmarkDotNet on a loaded machine, never a replacement for it.
/// </summary>
internal static class AlternativesStopwatch
{
    public static async Task RunAsync(string[] args)
    {
        foreach (var size in args.Length > 0 ? args.Select(int.Parse).ToArray() : [100_000])
        {
            var data = MatchingData.Generate(size);
            var clock = MatchingData.Clock();
            var store = new InMemoryReservationStore(clock);
            await data.ReserveAsync(store);
            var matcher = new ScoringInterviewerMatcher(data.Directory(), store, new MatchBenchmarks.FixedOptions(new InterviewBookingOptions()), clock);
            var times = new List<double>();
            var process = Process.GetCurrentProcess();
            var cpu = TimeSpan.Zero;
            for (var round = 0; round < 12; round++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                foreach (var request in data.HolidayRequests)
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await matcher.MatchAsync(request, 5);
                    if (round >= 2)
                    {
                        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    if (result.Matches.Count > 0 || result.Alternatives.Count == 0)
                    {
                        throw new InvalidOperationException("A holiday request should get alternatives only.");
                    }
                }

                process.Refresh();
                cpu += round >= 2 ? process.TotalProcessorTime - before : TimeSpan.Zero;
            }

            times.Sort();
            Console.WriteLine($"{size} alternatives: median {times[times.Count / 2]:F3} ms, p10 {times[times.Count / 10]:F3} ms, mean {times.Average():F3} ms, process CPU {cpu.TotalMilliseconds / times.Count:F3} ms a match");
        }

        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
