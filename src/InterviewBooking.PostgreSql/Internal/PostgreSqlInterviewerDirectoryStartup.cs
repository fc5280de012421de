using Microsoft.Extensions.Hosting;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Loads the PostgreSQL interviewer directory and starts its listener when the host starts, so the host's first match already sees every
/// interviewer. The listener stops when the directory is disposed with the service provider.
/// </summary>
internal sealed class PostgreSqlInterviewerDirectoryStartup(PostgreSqlInterviewerDirectory directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => directory.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
