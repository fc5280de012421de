using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// The hosted service that drains the outbox: <see cref="OutboxDispatcher.RunOnceAsync"/> again at once while batches come back full,
/// after <see cref="OutboxWorkerOptions.PollInterval"/> otherwise. Any number of instances run it over one store; the store's leases
/// keep them apart. On shutdown the batch in hand is given back, so another instance takes it without waiting for the leases to run out.
/// </summary>
internal sealed class OutboxWorker(OutboxDispatcher dispatcher, IOptionsMonitor<OutboxWorkerOptions> options, ILogger<OutboxWorker>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int leased;
            try
            {
                leased = await dispatcher.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The store failed (a database restart, say): log, wait a poll interval and lease again; nothing is lost.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.OutboxRunFailed(_logger, exception);
                leased = 0;
            }

            if (leased < options.CurrentValue.BatchSize)
            {
                try
                {
                    await Task.Delay(options.CurrentValue.PollInterval.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
