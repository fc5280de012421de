using System.Diagnostics;
using InterviewBooking.InMemory;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// A plain stopwatch loop over the slot search benchmark's data, the previous read strategy and the current one alternating in one
/// process, with the reads each makes per search (queries, interviewers, reservations): <c>-- slot-search-stopwatch [count...]</c>.
/// A cross-check for BenchmarkDotNet on a loaded machine, never a replacement for it.
/// </summary>
internal static class SlotSearchStopwatch
{
    public static async Task RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 100_000];
        foreach (var size in sizes)
        {
            var data = MatchingData.Generate(size);
            var clock = MatchingData.Clock();
            var memory = new InMemoryReservationStore(clock);
            await data.ReserveAsync(memory);
            var store = new CountingReservationStore(memory);
            var directory = data.Directory();
            var options = SlotSearchBenchmarks.Options();
            var monitor = new MatchBenchmarks.FixedOptions(options);
            var service = new SlotSearchService(directory, store, new PriceCalculator(monitor, clock), monitor, clock);
            var queries = SlotSearchBenchmarks.Queries(data);

            foreach (var (name, search) in new (string, Func<SlotSearchQuery, ValueTask<SlotSearchResult>>)[]
            {
                ("eager read (before)", q => EagerReadSlotSearch.SearchAsync(q, options, clock, directory, store)),
                ("aimed prefetch", q => service.SearchAsync(q)),
            })
            {
                store.Reset();
                foreach (var query in queries)
                {
                    await search(query);
                }


                Console.WriteLine(
                    $"{size} {name}: per search {(double)store.Queries / queries.Length:F2} queries, "
                    + $"{(double)store.InterviewersAsked / queries.Length:F0} interviewers, {(double)store.ReservationsRead / queries.Length:F0} reservations");
            }

            // Alternate the two in rounds so both see the same load.
            var times = new List<double>[2] { [], [] };
            var cpu = new TimeSpan[2];
            var process = Process.GetCurrentProcess();
            for (var round = 0; round < 12; round++)
            {
                for (var form = 0; form < 2; form++)
                {
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    foreach (var query in queries)
                    {
                        var started = Stopwatch.GetTimestamp();
                        _ = form == 0
                            ? await EagerReadSlotSearch.SearchAsync(query, options, clock, directory, store)
                            : await service.SearchAsync(query);
                        if (round >= 2)
                        {
                            times[form].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                    }

                    process.Refresh();
                    if (round >= 2)
                    {
                        cpu[form] += process.TotalProcessorTime - cpuBefore;
                    }
                }
            }

            for (var form = 0; form < 2; form++)
            {
                times[form].Sort();
                var t = times[form];
                if (t.Count == 0)
                {
                    continue;
                }

                Console.WriteLine($"{size} {(form == 0 ? "eager read (before)" : "aimed prefetch")}: median {t[t.Count / 2]:F3} ms, p10 {t[t.Count / 10]:F3} ms, p90 {t[t.Count * 9 / 10]:F3} ms, mean {t.Average():F3} ms over {t.Count}, process CPU {cpu[form].TotalMilliseconds / t.Count:F3} ms a search");
            }
        }

        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
