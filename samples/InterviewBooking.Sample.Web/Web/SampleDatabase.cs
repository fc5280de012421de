using InterviewBooking.PostgreSql;

namespace InterviewBooking.Sample.Web;

/// <summary>
/// On the PostgreSQL stores: creates or upgrades the schema when the host starts (every instance may; the schema step waits for the
/// others), loads the directory, then adds the sample interviewers unless seeding is off. Registered before the directory's own start-up.
/// </summary>
internal sealed class SampleDatabase(PostgreSqlBookingSchema schema, PostgreSqlInterviewerDirectory directory, SampleSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureSchemaAsync(cancellationToken);
        await directory.StartAsync(cancellationToken);
        if (settings.SeedInterviewers)
        {
            await directory.AddOrUpdateRangeAsync(SampleInterviewers.All(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
