using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// Two hosts (two service providers, each with its own connection pool, scheduler and gateway) share one database, as instances of one
/// marketplace do: 200 candidates race for 20 popular slots of 5 interviewers, then every payment event reaches both hosts at once.
/// </summary>
public sealed class MultiInstanceRaceTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int Candidates = 200;
    private const int PopularSlots = 20;
    private const int Interviewers = 5;

    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 8, 0);
    private static readonly Instant FirstSlot = Instant.FromUtc(2026, 3, 3, 8, 0);

    [Fact]
    public async Task Two_hosts_never_overlap_holds_and_book_each_paid_session_once_with_its_pre_matched_interviewer()
    {
        var clock = new FakeClock(Monday);
        // One host registers the in-memory default first, the other after: the PostgreSQL stores win either way.
        await using var hostA = BuildHost(clock, b => b.AddInMemoryStores(SeedDirectory).AddPostgreSqlStores(Connection(), o => o.Schema = database.Schema));
        await using var hostB = BuildHost(clock, b => b.AddPostgreSqlStores(Connection(), o => o.Schema = database.Schema).AddInMemoryStores(SeedDirectory));
        ServiceProvider[] hosts = [hostA, hostB];

        // 1. Before payment: 200 candidates, 10 per slot, split over both hosts, all at once.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = Enumerable.Range(0, Candidates).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return (Host: i % 2, Result: await hosts[i % 2].GetRequiredService<BookingService>().StartAsync(Request(i)));
        })).ToArray();
        gate.SetResult();
        var starts = await Task.WhenAll(starting);

        var started = starts.Where(s => s.Result.Succeeded).ToList();
        Assert.All(starts.Where(s => !s.Result.Succeeded), s => Assert.Contains(s.Result.Outcome, new[] { BookingStartOutcome.SlotTaken, BookingStartOutcome.NoMatch }));
        Assert.Equal(PopularSlots * Interviewers, started.Count); // every interviewer's every popular slot, not one more
        Assert.Equal(0L, await OverlappingActiveReservationsAsync());

        // 2. Payment: one in ten checkouts expires unpaid, the rest are paid; both hosts get every event concurrently, and
        //    whatever asks for a retry (another host is booking it right now) is delivered again, as a provider would.
        var events = started.Select((s, n) =>
        {
            var gateway = hosts[s.Host].GetRequiredService<SimulatedPaymentGateway>();
            var sessionId = s.Result.Session!.Id;
            return n % 10 == 0 ? gateway.ExpireCheckout(sessionId) : gateway.CompleteCheckout(sessionId);
        }).ToList();
        var deliveries = events.SelectMany(e => hosts.Select(h => (Event: e, Host: h))).ToList();
        for (var round = 0; round < 5 && deliveries.Count > 0; round++)
        {
            var results = await Task.WhenAll(deliveries.Select(d => Task.Run(() => d.Host.GetRequiredService<PaymentEventProcessor>().ProcessAsync(d.Event))));
            Assert.DoesNotContain(results, r => r.Outcome is PaymentEventOutcome.RefundRequired or PaymentEventOutcome.SessionNotFound);
            deliveries = deliveries.Where((_, k) => results[k].ShouldRetry).ToList();
        }

        Assert.Empty(deliveries);

        // 3. The outcome, read back from the database: both hosts schedule into its interviews table.
        Assert.All(hosts, h => Assert.IsType<InterviewScheduler>(h.GetRequiredService<IInterviewScheduler>()));
        Assert.All(hosts, h => Assert.Empty(h.GetRequiredService<RecordingInterviewScheduler>().Interviews));
        Assert.Equal(0L, await OverlappingActiveReservationsAsync());
        var interviewStore = hostA.GetRequiredService<IInterviewStore>();
        var paid = events.Where(e => e.Kind == PaymentEventKind.CheckoutCompleted).Select(e => e.SessionId).ToHashSet();
        Assert.Equal((long)paid.Count, await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("interviews")}")); // one per paid session
        foreach (var (_, result) in started)
        {
            var session = result.Session!;
            var interview = await interviewStore.FindByKeyAsync(session.Id.Value);
            if (paid.Contains(session.Id))
            {
                Assert.NotNull(interview);
                Assert.Equal(session.Id, interview.Request.PaymentSessionId);
                Assert.Equal(result.Match!.Interviewer.Id, interview.InterviewerId);
                Assert.Equal(session.MatchedInterviewer!.Id, interview.InterviewerId);
                Assert.Equal(session.Slot, interview.Request.Slot);
            }
            else
            {
                Assert.Null(interview);
            }
        }

        // Every paid session is booked with the interviewer of its snapshot, on a confirmed reservation of that interviewer it owns, with
        // the interview scheduled under its id; every expired one released its hold.
        Assert.Equal(
            (long)paid.Count,
            await database.ScalarAsync<long>(
                $"""
                SELECT count(*) FROM {database.Table("payment_sessions")} s
                JOIN {database.Table("reservations")} r ON r.id = s.reservation_id
                JOIN {database.Table("interviews")} i ON i.id = s.interview_id
                WHERE s.status = 'booked' AND i.idempotency_key = s.id AND i.interviewer_id = s.interviewer_id AND i.reservation_id = r.id
                  AND s.matched_interviewer->>'id' = s.interviewer_id AND r.interviewer_id = s.interviewer_id
                  AND r.owner = s.id AND r.status = 'confirmed' AND lower(r.slot) = s.slot_start AND upper(r.slot) = s.slot_end
                """));
        Assert.Equal(
            (long)(events.Count - paid.Count),
            await database.ScalarAsync<long>(
                $"""
                SELECT count(*) FROM {database.Table("payment_sessions")} s
                JOIN {database.Table("reservations")} r ON r.id = s.reservation_id
                WHERE s.status = 'expired' AND r.status = 'released'
                """));
        Assert.Equal((long)events.Count, await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("payment_sessions")}"));
    }

    private Task<long> OverlappingActiveReservationsAsync() => database.ScalarAsync<long>(
        $"""
        SELECT count(*) FROM {database.Table("reservations")} a
        JOIN {database.Table("reservations")} b ON a.interviewer_id = b.interviewer_id AND a.id < b.id AND a.slot && b.slot
        WHERE a.status IN ('held', 'confirmed') AND b.status IN ('held', 'confirmed')
        """);

    internal static string Connection() => PostgresServer.ConnectionStringWithPool(16);

    internal static ServiceProvider BuildHost(IClock clock, Action<IInterviewBookingBuilder> adapters) =>
        TestHost.Build(b => adapters(b.AddSimulatedPayments()), clock, o => o.MinimumMatchScore = 0);

    // Both hosts load the same directory content, as instances reading one interviewer database would.
    internal static void SeedDirectory(InMemoryInterviewerDirectory directory)
    {
        var allWeek = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight)).ToArray();
        for (var i = 0; i < Interviewers; i++)
        {
            directory.AddOrUpdate(new InterviewerProfile
            {
                Id = new InterviewerId($"race-interviewer-{i}"),
                Name = $"Interviewer {i}",
                Email = $"interviewer{i}@example.com",
                ExperienceYears = 5 + i,
                SkillCategories = ["Backend"],
                Skills = ["Java"],
                TimeZone = DateTimeZone.Utc,
                WeeklyAvailability = allWeek,
                MaxInterviewsPerDay = 100,
            });
        }
    }

    internal static InterviewRequest Request(int candidate)
    {
        var start = FirstSlot + Duration.FromMinutes(30 * (candidate % PopularSlots));
        return new InterviewRequest
        {
            CandidateId = new CandidateId($"candidate-{candidate}"),
            CandidateName = $"Candidate {candidate}",
            CandidateEmail = $"candidate{candidate}@example.org",
            ExperienceYears = 3,
            SkillCategories = ["Backend"],
            Skills = ["Java"],
            RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
            CandidateTimeZone = DateTimeZoneProviders.Tzdb["America/New_York"],
            PlanId = TestHost.PlanId,
        };
    }
}
