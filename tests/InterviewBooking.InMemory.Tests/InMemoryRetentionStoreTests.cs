using NodaTime.Testing;

namespace InterviewBooking.InMemory.Tests;

/// <summary>What the contract suite cannot see from outside: the in-memory store's own bookkeeping after a purge.</summary>
public sealed class InMemoryRetentionStoreTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 8, 0);
    private static readonly RetentionOptions Ages = new() { FinishedRowAge = Duration.FromDays(30) };

    [Fact]
    public async Task A_candidate_whose_holds_all_went_is_dropped_and_their_cap_still_holds_afterwards()
    {
        var clock = new FakeClock(Start);
        var reservations = new InMemoryReservationStore(clock);
        var retention = new InMemoryRetentionStore(reservations, null, null, null, null, null);
        var candidate = new CandidateId("candidate-1");
        var interviewer = new InterviewerId("interviewer-1");
        var first = await reservations.TryHoldAsync(Hold(interviewer, Start + Duration.FromDays(1), "s1", clock) with { Candidate = candidate, MaxActiveCandidateHolds = 1 });
        await reservations.TryReleaseAsync(first.Reservation!.Id, "s1");

        clock.Advance(Duration.FromDays(40));
        var removed = await retention.PurgeReservationsAsync(RetentionCutoffs.At(clock.GetCurrentInstant(), Ages), 10);
        Assert.Equal([first.Reservation.Id.Value], removed.RemovedIds);
        Assert.Equal(0, reservations.Count);

        var now = clock.GetCurrentInstant();
        var again = await reservations.TryHoldAsync(Hold(interviewer, now + Duration.FromDays(1), "s2", clock) with { Candidate = candidate, MaxActiveCandidateHolds = 1 });
        var over = await reservations.TryHoldAsync(Hold(interviewer, now + Duration.FromDays(2), "s3", clock) with { Candidate = candidate, MaxActiveCandidateHolds = 1 });
        Assert.True(again.Succeeded);
        Assert.Equal(HoldRefusal.CandidateHoldCap, over.Refusal);
    }

    [Fact]
    public void Sessions_cannot_be_purged_without_the_stores_that_decide_them()
    {
        var clock = new FakeClock(Start);
        var outbox = new InMemoryOutboxStore(clock);
        var error = Assert.Throws<ArgumentException>(() => new InMemoryRetentionStore(null, new InMemoryPaymentSessionStore(outbox), null, new InMemoryPayoutStore(), outbox, null));
        Assert.Equal("sessions", error.ParamName);
    }

    [Fact]
    public async Task A_store_set_without_in_memory_stores_purges_nothing()
    {
        var retention = new InMemoryRetentionStore(null, null, null, null, null, null);
        var cutoffs = RetentionCutoffs.At(Start, Ages);

        Assert.Empty((await retention.PurgeReservationsAsync(cutoffs, 10)).RemovedIds);
        Assert.Empty((await retention.PurgePaymentSessionsAsync(cutoffs, 10)).RemovedIds);
        Assert.Empty((await retention.PurgeOutboxItemsAsync(cutoffs, 10)).RemovedIds);
        Assert.Empty((await retention.PurgePaymentEventsAsync(cutoffs, 10)).RemovedIds);
    }

    private static HoldRequest Hold(InterviewerId interviewer, Instant start, string owner, FakeClock clock) =>
        new(interviewer, new Interval(start, start + Duration.FromMinutes(60)), owner, clock.GetCurrentInstant() + Duration.FromMinutes(30));
}
