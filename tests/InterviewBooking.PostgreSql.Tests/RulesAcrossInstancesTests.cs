using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// The rules a hold carries, decided by the database for two hosts at once (two service providers, each with its own connection pool):
/// an interviewer's buffers and daily cap, and a limited coupon's uses, through <see cref="BookingService.StartAsync"/> as a candidate
/// meets them.
/// </summary>
public sealed class RulesAcrossInstancesTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 8, 0);

    [Fact]
    public async Task Twenty_starts_with_a_coupon_limited_to_3_on_two_hosts_give_3_started_17_exhausted_and_no_refund()
    {
        var clock = new FakeClock(Monday);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var hostA = BuildHost(clock, run, interviewers: 20, buffers: Duration.Zero, maxPerDay: 100);
        await using var hostB = BuildHost(clock, run, interviewers: 20, buffers: Duration.Zero, maxPerDay: 100);
        ServiceProvider[] hosts = [hostA, hostB];

        var starts = await RaceAsync(hosts, Enumerable.Range(0, 20).Select(i => Request(run, i, Instant.FromUtc(2026, 3, 3, 9, 0)) with { CouponCode = "THREE" }));

        Assert.Equal(3, starts.Count(s => s.Result.Outcome == BookingStartOutcome.Started));
        Assert.Equal(17, starts.Count(s => s.Result.Outcome == BookingStartOutcome.CouponExhausted));
        Assert.All(starts.Where(s => !s.Result.Succeeded), s => Assert.Null(s.Result.Session));

        // Every started one pays, each event delivered to both hosts at once: all booked, none refunded, the coupon used 3 times.
        var deliveries = starts.Where(s => s.Result.Succeeded)
            .Select(s => hosts[s.Host].GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(s.Result.Session!.Id))
            .SelectMany(e => hosts.Select(h => (Event: e, Host: h))).ToList();
        for (var round = 0; round < 5 && deliveries.Count > 0; round++)
        {
            var results = await Task.WhenAll(deliveries.Select(d => Task.Run(() => d.Host.GetRequiredService<PaymentEventProcessor>().ProcessAsync(d.Event))));
            Assert.DoesNotContain(results, r => r.Outcome == PaymentEventOutcome.RefundRequired);
            deliveries = deliveries.Where((_, k) => results[k].ShouldRetry).ToList();
        }

        var sessions = hostA.GetRequiredService<IPaymentSessionStore>();
        foreach (var (_, result) in starts.Where(s => s.Result.Succeeded))
        {
            Assert.Equal(PaymentSessionStatus.Booked, (await sessions.GetAsync(result.Session!.Id))!.Status);
        }

        Assert.Equal(3, await hostB.GetRequiredService<ICouponRedemptionStore>().GetRedemptionCountAsync("three"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("payment_sessions")} WHERE status = 'refund_required'"));
    }

    [Fact]
    public async Task Twelve_starts_of_one_candidate_on_two_hosts_hold_no_more_than_the_cap()
    {
        var clock = new FakeClock(Monday);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var hostA = BuildHost(clock, run, interviewers: 4, buffers: Duration.Zero, maxPerDay: 100);
        await using var hostB = BuildHost(clock, run, interviewers: 4, buffers: Duration.Zero, maxPerDay: 100);

        // One candidate (a double-clicking or greedy one) asks for 12 different slots at once; the cap is the default, 3.
        var starts = await RaceAsync(
            [hostA, hostB],
            Enumerable.Range(0, 12).Select(k => Request(run, 0, Instant.FromUtc(2026, 3, 3, 8, 0) + Duration.FromHours(k))));

        Assert.Equal(3, starts.Count(s => s.Result.Succeeded));
        Assert.All(starts.Where(s => !s.Result.Succeeded), s => Assert.Equal(BookingStartOutcome.HoldLimitReached, s.Result.Outcome));
        Assert.Equal(
            3L,
            await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("reservations")} WHERE candidate_id = $1 AND status = 'held'", $"candidate-{run}-0"));
    }

    [Fact]
    public async Task Starts_for_slots_inside_each_others_buffers_on_two_hosts_never_both_hold()
    {
        var clock = new FakeClock(Monday);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var hostA = BuildHost(clock, run, interviewers: 1, buffers: Duration.FromMinutes(15), maxPerDay: 2);
        await using var hostB = BuildHost(clock, run, interviewers: 1, buffers: Duration.FromMinutes(15), maxPerDay: 2);

        // 16 trial days: 09:00 and 09:30 asked at once, one on each host.
        BookingStartResult? winner = null;
        for (var day = 0; day < 16; day++)
        {
            var nine = Instant.FromUtc(2026, 3, 3, 9, 0) + Duration.FromDays(day);
            var starts = await RaceAsync([hostA, hostB], [Request(run, 2 * day, nine), Request(run, (2 * day) + 1, nine + Duration.FromMinutes(30))]);

            // The loser either matched after the winner's hold (the matcher saw it: no match) or was refused by the store.
            winner = Assert.Single(starts, s => s.Result.Succeeded).Result;
            var refused = Assert.Single(starts, s => !s.Result.Succeeded).Result;
            Assert.True(
                refused.Outcome == BookingStartOutcome.NoMatch || (refused.Outcome == BookingStartOutcome.SlotTaken && refused.Refusals.SequenceEqual([HoldRefusal.Buffer])),
                $"refused as {refused.Outcome} ({string.Join(", ", refused.Refusals)})");
        }

        Assert.Equal(0L, await CrowdingActiveReservationsAsync(run));

        // The session keeps the rules the hold was made with, for a re-hold after a late payment (read back on the other host).
        var stored = (await hostB.GetRequiredService<IPaymentSessionStore>().GetAsync(winner!.Session!.Id))!;
        Assert.Equal(
            new HoldRules { BufferBefore = Duration.FromMinutes(15), BufferAfter = Duration.FromMinutes(15), MaxPerDay = 2, TimeZone = DateTimeZone.Utc },
            stored.MatchedInterviewer!.Rules);
    }

    [Fact]
    public async Task Starts_for_five_well_spaced_slots_of_a_day_on_two_hosts_hold_no_more_than_the_cap()
    {
        var clock = new FakeClock(Monday);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var hostA = BuildHost(clock, run, interviewers: 1, buffers: Duration.FromMinutes(15), maxPerDay: 2);
        await using var hostB = BuildHost(clock, run, interviewers: 1, buffers: Duration.FromMinutes(15), maxPerDay: 2);

        for (var day = 0; day < 8; day++)
        {
            var morning = Instant.FromUtc(2026, 3, 3, 8, 0) + Duration.FromDays(day);
            var starts = await RaceAsync([hostA, hostB], Enumerable.Range(0, 5).Select(k => Request(run, (5 * day) + k, morning + Duration.FromHours(2 * k))));

            Assert.Equal(2, starts.Count(s => s.Result.Succeeded));
            Assert.All(starts.Where(s => !s.Result.Succeeded), s => Assert.True(
                s.Result.Outcome == BookingStartOutcome.NoMatch || s.Result.Refusals.SequenceEqual([HoldRefusal.DailyCap]),
                $"refused as {s.Result.Outcome} ({string.Join(", ", s.Result.Refusals)})"));
        }

        Assert.Equal(
            0L,
            await database.ScalarAsync<long>(
                $"""
                SELECT count(*) FROM (
                    SELECT lower(slot)::date FROM {database.Table("reservations")}
                    WHERE interviewer_id = $1 AND status IN ('held', 'confirmed') GROUP BY 1 HAVING count(*) > 2) over_cap
                """,
                $"rules-{run}-0"));
    }

    private static async Task<(int Host, BookingStartResult Result)[]> RaceAsync(ServiceProvider[] hosts, IEnumerable<InterviewRequest> requests)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = requests.Select((request, i) => Task.Run(async () =>
        {
            await gate.Task;
            return (Host: i % hosts.Length, Result: await hosts[i % hosts.Length].GetRequiredService<BookingService>().StartAsync(request));
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(starting);
    }

    private Task<long> CrowdingActiveReservationsAsync(string run) => database.ScalarAsync<long>(
        $"""
        SELECT count(*) FROM {database.Table("reservations")} a
        JOIN {database.Table("reservations")} b ON a.interviewer_id = b.interviewer_id AND a.id < b.id
            AND coalesce(a.occupied, a.slot) && coalesce(b.occupied, b.slot)
        WHERE a.interviewer_id LIKE $1 AND a.status IN ('held', 'confirmed') AND b.status IN ('held', 'confirmed')
        """,
        $"rules-{run}-%");

    private ServiceProvider BuildHost(IClock clock, string run, int interviewers, Duration buffers, int maxPerDay) =>
        TestHost.Build(
            b => b.AddSimulatedPayments()
                .AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema)
                .AddInMemoryStores(directory => Seed(directory, run, interviewers, buffers, maxPerDay)),
            clock,
            o =>
            {
                o.MinimumMatchScore = 0;
                o.Coupons.Add(new CouponOffer { Code = "THREE", PercentOff = 10, UsageLimit = 3 });
            });

    private static void Seed(InMemoryInterviewerDirectory directory, string run, int interviewers, Duration buffers, int maxPerDay)
    {
        var allWeek = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight)).ToArray();
        for (var i = 0; i < interviewers; i++)
        {
            directory.AddOrUpdate(new InterviewerProfile
            {
                Id = new InterviewerId($"rules-{run}-{i}"),
                Name = $"Interviewer {i}",
                Email = $"interviewer{i}@example.com",
                ExperienceYears = 5,
                SkillCategories = [$"Rules{run}"],
                TimeZone = DateTimeZone.Utc,
                WeeklyAvailability = allWeek,
                BufferBefore = buffers,
                BufferAfter = buffers,
                MaxInterviewsPerDay = maxPerDay,
            });
        }
    }

    private static InterviewRequest Request(string run, int candidate, Instant start) => new()
    {
        CandidateId = new CandidateId($"candidate-{run}-{candidate}"),
        CandidateName = $"Candidate {candidate}",
        CandidateEmail = $"candidate{candidate}@example.org",
        ExperienceYears = 3,
        SkillCategories = [$"Rules{run}"],
        RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
        CandidateTimeZone = DateTimeZone.Utc,
        PlanId = TestHost.PlanId,
    };
}
