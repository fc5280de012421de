using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>Idempotent starts across two hosts on one database: the unique index decides, and the losers release their own holds.</summary>
public sealed class IdempotentStartTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task Concurrent_starts_with_one_key_on_two_hosts_end_with_one_session_and_one_active_hold()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 8, 0));
        await using var hostA = MultiInstanceRaceTests.BuildHost(clock, b => b.AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory).AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema));
        await using var hostB = MultiInstanceRaceTests.BuildHost(clock, b => b.AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema).AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory));
        ServiceProvider[] hosts = [hostA, hostB];
        var request = MultiInstanceRaceTests.Request(7) with { CandidateId = new CandidateId("candidate-idempotent"), IdempotencyKey = "double-click" };

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await hosts[i % 2].GetRequiredService<BookingService>().StartAsync(request);
        })).ToArray();
        gate.SetResult();
        var results = await Task.WhenAll(starting);

        // One start opened the session; the others replayed it, or (when every interviewer, or the candidate's cap on active holds, was
        // taken by starts about to lose the race, before the winner's session was stored) found no one free and hold nothing.
        var sessionId = Assert.Single(results, r => r is { Outcome: BookingStartOutcome.Started, Replayed: false }).Session!.Id;
        Assert.All(results, r => Assert.True(
            r.Session?.Id == sessionId
            || (r.Outcome is BookingStartOutcome.SlotTaken or BookingStartOutcome.NoMatch or BookingStartOutcome.HoldLimitReached && r.Session is null),
            $"{r.Outcome} {r.Session?.Id}"));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM {database.Table("payment_sessions")} WHERE candidate_id = 'candidate-idempotent'"));
        // The schema is this class's own: every reservation in it comes from the race, and only the winner's is active.
        Assert.Equal(sessionId.Value, await database.ScalarAsync<string>(
            $"SELECT string_agg(owner, ',') FROM {database.Table("reservations")} WHERE status IN ('held', 'confirmed')"));

        // After the race, another request under the key is refused on either host.
        var later = request.RequestedSlot.Start + Duration.FromHours(2);
        var error = await Assert.ThrowsAsync<IdempotencyKeyConflictException>(() => hostB.GetRequiredService<BookingService>()
            .StartAsync(request with { RequestedSlot = new Interval(later, later + Duration.FromMinutes(30)) }));
        Assert.Equal(sessionId, error.SessionId);
    }
}
