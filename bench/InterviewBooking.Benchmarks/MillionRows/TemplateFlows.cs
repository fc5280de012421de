using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Npgsql;

namespace InterviewBooking.Benchmarks.MillionRows;

/// <summary>
/// Ten real bookings' lives, run through the services and the PostgreSQL stores on a fake clock into a schema of their own: seven paid,
/// booked and ended (six completed, one candidate no-show) with their reminders, feedback requests and payouts delivered by the outbox
/// dispatcher, and three never paid, expired by the sweeper. <see cref="MillionRowSeeder"/> copies these rows, so every column holds what
/// the stores write.
/// </summary>
internal static class TemplateFlows
{
    public const int Flows = 10;
    public const int Booked = 7;
    public const string Interviewer = "interviewer-template";

    /// <summary>When the template's first booking starts; every row's instants are near it.</summary>
    public static readonly Instant Origin = Instant.FromUtc(2026, 1, 5, 9, 0);

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>Runs the flows into <paramref name="schema"/> (created at <paramref name="version"/>), after dropping what was there.</summary>
    public static async Task WriteAsync(NpgsqlDataSource dataSource, string schema, int version)
    {
        await using (var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var options = new PostgreSqlStoreOptions { Schema = schema };
        await new PostgreSqlBookingSchema(dataSource, options).MigrateAsync(version);

        var clock = new FakeClock(Origin);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddInterviewBooking(o =>
            {
                o.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9900 });
                o.MinimumMatchScore = 0;
            })
            .AddInMemoryStores(directory => directory.AddOrUpdate(new InterviewerProfile
            {
                Id = new InterviewerId(Interviewer),
                Name = "Template Interviewer",
                Email = "interviewer@example.com",
                ExperienceYears = 10,
                SkillCategories = ["Backend"],
                Skills = ["Java", "Kotlin"],
                TimeZone = NewYork,
                WeeklyAvailability = [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
                    .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight))],
                BufferBefore = Duration.FromMinutes(15),
                BufferAfter = Duration.FromMinutes(15),
                MaxInterviewsPerDay = 24,
            }))
            .AddPostgreSqlStores(dataSource, o => o.Schema = schema)
            .AddSimulatedPayments()
            .AddPaymentSessionSweeper()
            .AddOutboxWorker()
            .AddPayouts(o => o.Plans.Add(new PayoutRate { Id = "mock-60", AmountMinorUnits = 6000 }));
        await using var provider = services.BuildServiceProvider();

        var booking = provider.GetRequiredService<BookingService>();
        var gateway = provider.GetRequiredService<SimulatedPaymentGateway>();
        var events = provider.GetRequiredService<PaymentEventProcessor>();
        var sweeper = provider.GetRequiredService<PaymentSessionSweeper>();
        var dispatcher = provider.GetRequiredService<OutboxDispatcher>();
        var lifecycle = provider.GetRequiredService<InterviewLifecycleService>();
        var inbox = provider.GetRequiredService<IPaymentEventInbox>();

        // Slots two days ahead, an hour and a half apart (the buffers never touch), in the interviewer's New York morning.
        var sessions = new List<PaymentSessionId>();
        for (var f = 0; f < Flows; f++)
        {
            clock.Advance(Duration.FromMinutes(1));
            var start = Origin + Duration.FromDays(2) + Duration.FromMinutes(90 * f);
            var started = await booking.StartAsync(new InterviewRequest
            {
                CandidateId = new CandidateId("candidate-template-" + f),
                CandidateName = "Casey Template",
                CandidateEmail = "casey@example.org",
                ExperienceYears = 5,
                SkillCategories = ["Backend"],
                Skills = ["Java"],
                RequestedSlot = new Interval(start, start + Duration.FromMinutes(60)),
                CandidateTimeZone = NewYork,
                PlanId = "mock-60",
                IdempotencyKey = "start-template-" + f,
            });
            sessions.Add(started.Session?.Id ?? throw new InvalidOperationException($"Template flow {f} did not start: {started.Outcome}."));
        }

        for (var f = 0; f < Booked; f++)
        {
            clock.Advance(Duration.FromMinutes(1));
            var paid = gateway.CompleteCheckout(sessions[f]);
            var outcome = (await events.ProcessAsync(paid)).Outcome;
            if (outcome != PaymentEventOutcome.Booked)
            {
                throw new InvalidOperationException($"Template flow {f} was not booked: {outcome}.");
            }

            // What the webhook endpoint records after processing a delivery (StripeWebhookHandler), so a redelivery is answered from the inbox.
            await inbox.TryRecordAsync(new ProcessedPaymentEvent(paid.EventId, "checkout.session.completed", sessions[f], outcome, clock.GetCurrentInstant()));
        }

        // The unpaid ones run out; the sweeper expires them. Then the outbox delivers what is due, day by day, past the interviews,
        // the feedback requests and the payouts' due dates.
        clock.Advance(Duration.FromHours(3));
        await sweeper.SweepAsync();
        for (var f = Booked; f < Flows; f++)
        {
            await inbox.TryRecordAsync(new ProcessedPaymentEvent(
                "evt_template_expired_" + f, "checkout.session.expired", sessions[f], PaymentEventOutcome.Released, clock.GetCurrentInstant()));
        }

        await DrainAsync(dispatcher, clock, Duration.FromHours(12), 4);
        clock.Reset(Origin + Duration.FromDays(2) + Duration.FromHours(18));
        for (var f = 0; f < Booked; f++)
        {
            var ended = f == Booked - 1
                ? await lifecycle.ReportNoShowAsync(sessions[f], InterviewParty.Candidate, InterviewParty.Interviewer)
                : await lifecycle.CompleteAsync(sessions[f], InterviewParty.Interviewer);
            if (!ended.Succeeded)
            {
                throw new InvalidOperationException($"Template flow {f} did not end: {ended.Outcome}.");
            }
        }

        await DrainAsync(dispatcher, clock, Duration.FromDays(1), 30);
    }

    private static async Task DrainAsync(OutboxDispatcher dispatcher, FakeClock clock, Duration step, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            while (await dispatcher.RunOnceAsync() > 0)
            {
            }

            clock.Advance(step);
        }
    }
}
