using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Benchmarks.MillionRows;

/// <summary>
/// Runs each hot statement once through the stores on the seeded schema, for <c>bench/explain-million-rows.sh</c>, which has the server's
/// <c>auto_explain</c> log every statement's plan (<c>EXPLAIN (ANALYZE, BUFFERS)</c>) meanwhile: a start (match, hold with the rules,
/// session, checkout), webhook → booked (session by id, mark paid, claim, confirm, schedule, booked with its outbox rows), the inbox
/// insert, the hold's expiry statement on a seeded interviewer's past, a sweep pass, an outbox lease, the backlog count and one retention
/// batch of each kind.
/// </summary>
internal static class HotStatements
{
    public static async Task RunAsync(TextWriter log)
    {
        await using var schemas = await MillionRowsSchemas.CreateAsync();
        var full = schemas.Full;
        var at = SystemClock.Instance.GetCurrentInstant();
        var start = Instant.FromUnixTimeSeconds((at + Duration.FromDays(2000)).ToUnixTimeSeconds() / 3600 * 3600) + Duration.FromMinutes(90 * Random.Shared.Next(0, 20_000));

        log.WriteLine("-- start: match, hold with the rules, session, checkout");
        var started = await full.GetRequiredService<BookingService>().StartAsync(new InterviewRequest
        {
            CandidateId = new CandidateId("candidate-explain-" + Guid.NewGuid().ToString("N")[..8]),
            CandidateName = "Casey",
            CandidateEmail = "casey@example.org",
            ExperienceYears = 5,
            SkillCategories = ["Backend"],
            Skills = ["Java"],
            RequestedSlot = new Interval(start, start + Duration.FromMinutes(60)),
            CandidateTimeZone = DateTimeZoneProviders.Tzdb["America/New_York"],
            PlanId = "mock-60",
        });
        var session = started.Session ?? throw new InvalidOperationException($"The start failed: {started.Outcome}.");

        log.WriteLine("-- webhook → booked");
        var paid = full.GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(session.Id);
        var outcome = (await full.GetRequiredService<PaymentEventProcessor>().ProcessAsync(paid)).Outcome;
        log.WriteLine("-- inbox insert");
        await full.GetRequiredService<IPaymentEventInbox>().TryRecordAsync(
            new ProcessedPaymentEvent(paid.EventId, "checkout.session.completed", session.Id, outcome, SystemClock.Instance.GetCurrentInstant()));

        log.WriteLine("-- the hold's expiry statement over a seeded interviewer's past");
        var texts = new HoldStatements.Texts($"\"{MillionRowsSchemas.FullSchema}\"");
        await using (var connection = await schemas.DataSource.OpenConnectionAsync())
        {
            var past = at - Duration.FromDays(200);
            await using var batch = PostgreSqlExecutor.Batch(connection, Sql.Command(
                texts.Expire,
                Sql.Text(MillionRowSeeder.InterviewerId(7)),
                Sql.Timestamp(past - Duration.FromHours(12)),
                Sql.Timestamp(past + Duration.FromHours(12)),
                Sql.Timestamp(at)));
            await batch.ExecuteNonQueryAsync();
        }

        log.WriteLine("-- sweep pass");
        await full.GetRequiredService<PaymentSessionSweeper>().SweepAsync();

        log.WriteLine("-- outbox lease, backlog");
        var outbox = full.GetRequiredService<IOutboxStore>();
        foreach (var item in await outbox.LeaseAsync(16, Duration.FromMinutes(1)))
        {
            await outbox.CompleteAsync(item.Message.Key, item.LeaseToken!.Value);
        }

        await outbox.GetBacklogAsync();

        // One batch of 50 per kind, with the default ages: these rows of the seeded year are removed for good. The sessions' batch needs
        // migration 11 (the reliability totals); at an earlier version only the other kinds run.
        log.WriteLine("-- retention batches");
        var retention = new PostgreSqlRetentionStore(schemas.DataSource, new PostgreSqlStoreOptions { Schema = MillionRowsSchemas.FullSchema });
        var cutoffs = RetentionCutoffs.At(SystemClock.Instance.GetCurrentInstant(), new RetentionOptions());
        if (schemas.Version >= 11)
        {
            log.WriteLine($"   sessions: {(await retention.PurgePaymentSessionsAsync(cutoffs, 50)).Count}");
        }

        log.WriteLine($"   reservations: {(await retention.PurgeReservationsAsync(cutoffs, 50)).Count}");
        log.WriteLine($"   outbox items: {(await retention.PurgeOutboxItemsAsync(cutoffs, 50)).Count}");
        log.WriteLine($"   payment events: {(await retention.PurgePaymentEventsAsync(cutoffs, 50)).Count}");
        log.WriteLine($"-- done: {outcome}");
    }
}
