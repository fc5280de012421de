using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Runs <see cref="RetentionPurger.PurgeAsync"/> every <see cref="RetentionOptions.Interval"/> (on the injected <see cref="TimeProvider"/>)
/// while <see cref="RetentionOptions.Enabled"/>, again at once while a pass stopped at its batch limit, until the host stops. The first pass
/// waits one interval: nothing is urgent at start-up, and a host that starts and stops at once (a test, a migration) removes nothing.
/// </summary>
internal sealed class RetentionWorker(
    RetentionPurger purger, IOptionsMonitor<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionWorker>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var complete = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (complete)
            {
                try
                {
                    await Task.Delay(options.CurrentValue.Interval.ToTimeSpan(), timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            complete = true;
            if (!options.CurrentValue.Enabled)
            {
                continue;
            }

            // A store outage fails the pass; nothing half-removed is left (each batch is atomic), and the next pass tries again.
            try
            {
                complete = (await purger.PurgeAsync(stoppingToken).ConfigureAwait(false)).Complete;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker must outlive a failed pass.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.RetentionPassFailed(_logger, exception);
            }
        }
    }
}
