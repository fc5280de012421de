using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewBooking.Benchmarks.MillionRows;

/// <summary>
/// The two schemas the million-row benchmarks compare within one run: the seeded one (<see cref="MillionRowSeeder"/>, seeded when missing)
/// and an empty one at the same schema version, created for the run and dropped after. Each gets its own service provider: the PostgreSQL
/// stores on that schema, an in-memory directory of the seeded <see cref="MillionRowSeeder.Interviewers"/> interviewers (the same ids the
/// seeded rows name), the simulated payments, the sweeper and the outbox worker's services. The full schema keeps its version: the run
/// measures the schema as it is (before or after an upgrade), and an empty schema at that version beside it.
/// </summary>
internal sealed class MillionRowsSchemas : IAsyncDisposable
{
    public const int Sessions = 1_000_000;
    public const string FullSchema = "ib_bench_million";

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private readonly string _emptySchema = "ib_bench_empty_" + Guid.NewGuid().ToString("N")[..12];

    private MillionRowsSchemas(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    public int Version { get; private set; }

    public ServiceProvider Empty { get; private set; } = null!;

    public ServiceProvider Full { get; private set; } = null!;

    /// <summary>Interviewer profiles every slot of which is free in the directory's eyes, so only the reservations decide.</summary>
    public static InterviewerProfile Interviewer(int i) => new()
    {
        Id = new InterviewerId(MillionRowSeeder.InterviewerId(i)),
        Name = "Interviewer " + i,
        Email = $"interviewer{i}@example.com",
        ExperienceYears = 3 + (i % 15),
        SkillCategories = ["Backend"],
        Skills = i % 2 == 0 ? ["Java", "Kotlin"] : ["Java", "Go"],
        TimeZone = NewYork,
        WeeklyAvailability = [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight))],
        BufferBefore = Duration.FromMinutes(15),
        BufferAfter = Duration.FromMinutes(15),
        MaxInterviewsPerDay = 24,
    };

    public static async Task<MillionRowsSchemas> CreateAsync()
    {
        var schemas = new MillionRowsSchemas(Bench.DataSource(maxPoolSize: 16));
        if (!await MillionRowSeeder.IsSeededAsync(schemas.DataSource, FullSchema, Sessions))
        {
            await MillionRowSeeder.SeedAsync(schemas.DataSource, FullSchema, Sessions, PostgreSqlBookingSchema.LatestVersion, Console.Out);
        }

        schemas.Version = await new PostgreSqlBookingSchema(schemas.DataSource, new PostgreSqlStoreOptions { Schema = FullSchema }).GetVersionAsync();
        await new PostgreSqlBookingSchema(schemas.DataSource, new PostgreSqlStoreOptions { Schema = schemas._emptySchema }).MigrateAsync(schemas.Version);
        schemas.Empty = schemas.Build(schemas._emptySchema);
        schemas.Full = schemas.Build(FullSchema);
        return schemas;
    }

    public ServiceProvider Of(bool full) => full ? Full : Empty;

    public string SchemaOf(bool full) => full ? FullSchema : _emptySchema;

    public async ValueTask DisposeAsync()
    {
        await Empty.DisposeAsync();
        await Full.DisposeAsync();
        await using (var drop = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_emptySchema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await DataSource.DisposeAsync();
    }

    private ServiceProvider Build(string schema)
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o =>
            {
                o.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9900 });
                o.MinimumMatchScore = 0;
                o.HoldDuration = Duration.FromDays(3650);
            })
            .AddInMemoryStores(directory =>
            {
                for (var i = 0; i < MillionRowSeeder.Interviewers; i++)
                {
                    directory.AddOrUpdate(Interviewer(i));
                }
            })
            .AddPostgreSqlStores(DataSource, o => o.Schema = schema)
            .AddSimulatedPayments()
            .AddPaymentSessionSweeper()
            .AddOutboxWorker();
        return services.BuildServiceProvider();
    }
}
