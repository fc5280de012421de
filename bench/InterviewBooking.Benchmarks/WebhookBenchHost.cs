using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// The host the webhook → booked benchmarks book through: one always-free interviewer in the in-memory directory (so every start matches
/// them), holds that never run out during a run, the stores on PostgreSQL in the given schema, and simulated payments.
/// </summary>
internal static class WebhookBenchHost
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <param name="prepareBookingStatements">The stores' <see cref="PostgreSqlStoreOptions.PrepareBookingStatements"/> (the default, on).</param>
    public static IServiceCollection AddWebhookBenchHost(this IServiceCollection services, NpgsqlDataSource pool, string schema, bool prepareBookingStatements = true)
    {
        services.AddInterviewBooking(o =>
            {
                o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
                o.MinimumMatchScore = 0;
                o.HoldDuration = Duration.FromDays(3650);
            })
            .AddInMemoryStores(directory =>
            {
                var allDay = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
                    .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight)).ToArray();
                directory.AddOrUpdate(new InterviewerProfile
                {
                    Id = new InterviewerId("interviewer-bench"),
                    Name = "Interviewer",
                    Email = "interviewer@example.com",
                    ExperienceYears = 10,
                    SkillCategories = ["Backend"],
                    Skills = ["Java"],
                    TimeZone = NewYork,
                    WeeklyAvailability = allDay,
                    MaxInterviewsPerDay = 1_000_000,
                });
            })
            .AddPostgreSqlStores(pool, o => (o.Schema, o.PrepareBookingStatements) = (schema, prepareBookingStatements))
            .AddSimulatedPayments();
        return services;
    }
}
