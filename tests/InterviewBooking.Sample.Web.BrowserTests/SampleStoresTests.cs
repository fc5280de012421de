using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// The sample's store switch: the in-memory stores by default; with <c>InterviewBooking:PostgreSql:ConnectionString</c> the PostgreSQL
/// stores and directory (the schema made at start-up, the sample interviewers added unless <c>Sample:SeedInterviewers=false</c>).
/// </summary>
public sealed class SampleStoresTests
{
    private const string Variable = "INTERVIEWBOOKING_TEST_POSTGRES";

    [Fact]
    public async Task By_default_the_sample_runs_on_the_in_memory_stores_with_the_sample_interviewers()
    {
        await using var site = await SiteHost.StartAsync();

        Assert.IsType<InMemoryReservationStore>(site.Get<IReservationStore>());
        Assert.IsType<InMemoryInterviewerDirectory>(site.Get<IInterviewerDirectory>());
        Assert.Equal(SampleInterviewers.All().Count(), site.Get<InMemoryInterviewerDirectory>().Count);
    }

    [Fact]
    public async Task Without_seeding_the_in_memory_directory_starts_empty()
    {
        await using var site = await SiteHost.StartAsync(["--Sample:SeedInterviewers=false"]);

        Assert.Equal(0, site.Get<InMemoryInterviewerDirectory>().Count);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task With_a_connection_string_two_instances_share_the_PostgreSQL_stores_and_directory(bool seed)
    {
        var connection = Environment.GetEnvironmentVariable(Variable);
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(string.IsNullOrEmpty(connection) && !ci, $"No PostgreSQL server: set {Variable} to run this test.");
        Assert.False(string.IsNullOrEmpty(connection), $"CI=true but {Variable} is not set.");
        var schema = "ib_sample_" + Guid.NewGuid().ToString("N")[..12];
        string[] args = ["--InterviewBooking:PostgreSql:ConnectionString=" + connection, "--InterviewBooking:PostgreSql:Schema=" + schema, "--Sample:SeedInterviewers=" + seed];
        try
        {
            await using var first = await SiteHost.StartAsync(args);
            await using var second = await SiteHost.StartAsync(args);

            Assert.IsType<PostgreSqlReservationStore>(first.Get<IReservationStore>());
            Assert.IsType<PostgreSqlPaymentSessionStore>(first.Get<IPaymentSessionStore>());
            Assert.IsType<PostgreSqlInterviewerDirectory>(first.Get<IInterviewerDirectory>());
            // Each instance loads its own directory from the one table: the second's start-up found the first's seeding (or none).
            Assert.Equal(seed ? SampleInterviewers.All().Count() : 0, first.Get<PostgreSqlInterviewerDirectory>().Count);
            Assert.Equal(seed ? SampleInterviewers.All().Count() : 0, second.Get<PostgreSqlInterviewerDirectory>().Count);
            Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await first.Get<PostgreSqlBookingSchema>().GetVersionAsync());
        }
        finally
        {
            await using var source = NpgsqlDataSource.Create(connection!);
            await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
