using InterviewBooking.InMemory;
using InterviewBooking.Testing;
using NodaTime.Testing;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// The bounded-memory test's run (<see cref="StoreAgingDriver"/>: sessions through the in-memory stores over simulated months on a fake
/// clock) with retention at the test's ages and with retention off, printing the managed heap after a full, compacting GC at the end of
/// each 30-day month: <c>-- heap-by-month [sessions] [days]</c>. The contrast the test's bound is read against; retention off holds every
/// row, several GB for a million sessions, so it is a measurement run by hand, never a CI step.
/// </summary>
internal static class HeapByMonth
{
    /// <summary>The ages of <c>BoundedMemoryTests</c>: shorter than the defaults, so six months reach the steady state early.</summary>
    private static readonly RetentionOptions TestAges = new()
    {
        FinishedRowAge = Duration.FromDays(7),
        PaymentEventInboxAge = Duration.FromDays(3),
        DisputeWindow = Duration.FromDays(14),
        BatchSize = 10_000,
    };

    public static async Task RunAsync(string[] args, TextWriter output)
    {
        var sessions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var days = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 180;
        foreach (var (name, retention) in new[] { ("retention on (the test's ages)", TestAges), ("retention off", (RetentionOptions?)null) })
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var heap = await AgeAsync(retention, sessions, days);
            output.WriteLine($"{name}, {sessions} sessions over {days} days in {watch.Elapsed.TotalSeconds:F0} s; heap after a full GC at the end of each 30-day month (MB): "
                + string.Join(", ", heap.Select(b => (b / 1024 / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            if (heap.Length >= 6)
            {
                output.WriteLine($"  month 6 / month 3: {(double)heap[5] / heap[2]:F2}");
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        output.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task<long[]> AgeAsync(RetentionOptions? retention, int sessions, int days)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 1, 5, 0, 0));
        var outbox = new InMemoryOutboxStore(clock);
        var reservations = new InMemoryReservationStore(clock);
        var sessionStore = new InMemoryPaymentSessionStore(outbox);
        var interviews = new InMemoryInterviewStore(outbox);
        var payouts = new InMemoryPayoutStore();
        var inbox = new InMemoryPaymentEventInbox();
        var stores = new RetentionStores(
            new InMemoryRetentionStore(reservations, sessionStore, interviews, payouts, outbox, inbox), reservations, sessionStore, interviews, payouts, outbox, inbox);
        var interviewers = Enumerable.Range(0, 2_000).Select(i => new InterviewerId("interviewer-" + i)).ToArray();
        var driver = new StoreAgingDriver(stores, clock, interviewers, retention, sessionsPerDay: sessions / days);
        var heap = new List<long>();
        await driver.RunAsync(days, day =>
        {
            if (day % 30 == 0)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                heap.Add(GC.GetTotalMemory(forceFullCollection: true));
            }

            return Task.CompletedTask;
        });

        GC.KeepAlive(stores);
        return [.. heap];
    }
}
