using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using InterviewBooking.Testing;
using NodaTime.Testing;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// A match on in-memory stores that have run for a month against one on stores that have run for six, both aged by the bounded-memory
/// test's <see cref="StoreAgingDriver"/> with retention on at its default ages, both ending at <see cref="MatchingData.Now"/> so the same
/// requests apply. Target: the sixth month within 1.2 of the first (the first is the baseline, in the same run).
/// </summary>
[MemoryDiagnoser]
public class AgedStoreMatchBenchmarks
{
    private const int SessionsPerDay = 2_000;

    private MatchingData _data = null!;
    private ScoringInterviewerMatcher _firstMonth = null!;
    private ScoringInterviewerMatcher _sixthMonth = null!;
    private int _next;

    [Params(10_000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _data = MatchingData.Generate(InterviewerCount);
        var directory = _data.Directory();
        var options = new MatchBenchmarks.FixedOptions(new InterviewBookingOptions());
        var (firstClock, firstStore) = await AgeAsync(days: 30);
        var (sixthClock, sixthStore) = await AgeAsync(days: 180);
        Console.WriteLine($"// aged stores: first month {firstStore.Count} reservations, sixth month {sixthStore.Count}");
        _firstMonth = new ScoringInterviewerMatcher(directory, firstStore, options, firstClock);
        _sixthMonth = new ScoringInterviewerMatcher(directory, sixthStore, options, sixthClock);

        // The aging allocated a great deal: collect it now, so neither benchmark pays for the other's setup.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>A match (requests rotate; best 5) on stores one month old.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<MatchResult> MatchInFirstMonth() => _firstMonth.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 5);

    /// <summary>The same matches on stores six months old.</summary>
    [Benchmark]
    public ValueTask<MatchResult> MatchInSixthMonth() => _sixthMonth.MatchAsync(_data.Requests[_next++ % _data.Requests.Length], 5);

    private async Task<(FakeClock Clock, InMemoryReservationStore Store)> AgeAsync(int days)
    {
        var clock = new FakeClock(MatchingData.Now - Duration.FromDays(days));
        var outbox = new InMemoryOutboxStore(clock);
        var reservations = new InMemoryReservationStore(clock);
        var sessions = new InMemoryPaymentSessionStore(outbox);
        var interviews = new InMemoryInterviewStore(outbox);
        var payouts = new InMemoryPayoutStore();
        var inbox = new InMemoryPaymentEventInbox();
        var stores = new RetentionStores(
            new InMemoryRetentionStore(reservations, sessions, interviews, payouts, outbox, inbox), reservations, sessions, interviews, payouts, outbox, inbox);
        var driver = new StoreAgingDriver(stores, clock, [.. _data.Interviewers.Select(i => i.Id)], new RetentionOptions(), SessionsPerDay);
        await driver.RunAsync(days);
        return (clock, reservations);
    }
}
