using InterviewBooking.Testing;
using NodaTime.Testing;
using Xunit.Abstractions;

namespace InterviewBooking.InMemory.Tests;

[CollectionDefinition(nameof(MeasuresTheHeap), DisableParallelization = true)]
public sealed class MeasuresTheHeap;

/// <summary>
/// A long-running in-memory host stays bounded: a million sessions over six simulated months through the in-memory stores, with retention
/// passes as time goes, and the managed heap after a full, compacting GC stays under a stated figure and flat from month three to six.
/// Runs alone (the heap is the process's), after the parallel tests.
/// </summary>
[Collection(nameof(MeasuresTheHeap))]
public sealed class BoundedMemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// The heap stays under this: measured at 164 MB every month (about two weeks of work held, by the ages below; .NET 10, 2 cores), so
    /// this leaves room for the runtime and the test host. With retention off the same run grows to several GB: the benchmarks' console mode
    /// <c>heap-by-month</c> measures both (README, "Memory over months").
    /// </summary>
    private const long HeapLimitBytes = 256L * 1024 * 1024;

    private const int Sessions = 1_000_000;
    private const int Days = 180;

    /// <summary>Shorter than the defaults, so six months reach the steady state early and the test stays short; the rules are the same.</summary>
    private static readonly RetentionOptions Ages = new()
    {
        FinishedRowAge = Duration.FromDays(7),
        PaymentEventInboxAge = Duration.FromDays(3),
        DisputeWindow = Duration.FromDays(14),
        BatchSize = 10_000,
    };

    [Fact]
    public async Task A_million_sessions_over_six_months_keep_the_heap_bounded_and_flat()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var heapByMonth = await AgeAsync(Ages);

        output.WriteLine($"{Sessions} sessions over {Days} days in {watch.Elapsed.TotalSeconds:F0} s");
        output.WriteLine("heap after a full GC at the end of each 30-day month (MB): " + string.Join(", ", heapByMonth.Select(b => (b / 1024 / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(heapByMonth, bytes => Assert.InRange(bytes, 0, HeapLimitBytes));
        Assert.InRange(heapByMonth[5], 0, heapByMonth[2] * 1.2);
    }

    private static async Task<long[]> AgeAsync(RetentionOptions retention)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 1, 5, 0, 0));
        var outbox = new InMemoryOutboxStore(clock);
        var reservations = new InMemoryReservationStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var interviews = new InMemoryInterviewStore(outbox);
        var payouts = new InMemoryPayoutStore();
        var inbox = new InMemoryPaymentEventInbox();
        var stores = new RetentionStores(
            new InMemoryRetentionStore(reservations, sessions, interviews, payouts, outbox, inbox), reservations, sessions, interviews, payouts, outbox, inbox);
        var interviewers = Enumerable.Range(0, 2_000).Select(i => new InterviewerId("interviewer-" + i)).ToArray();
        var driver = new StoreAgingDriver(stores, clock, interviewers, retention, sessionsPerDay: Sessions / Days);
        var heap = new List<long>();
        await driver.RunAsync(Days, day =>
        {
            if (day % 30 == 0)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                heap.Add(GC.GetTotalMemory(forceFullCollection: true));
            }

            return Task.CompletedTask;
        });

        Assert.True(driver.Sessions >= Sessions - Days, $"{driver.Sessions} sessions driven");
        GC.KeepAlive(stores);
        return [.. heap];
    }
}
