using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>Runs <see cref="PaymentSessionSweeper.SweepAsync"/> every <see cref="PaymentSessionSweeperOptions.Interval"/> until the host stops.</summary>
internal sealed class PaymentSessionSweeperService(
    PaymentSessionSweeper sweeper, IOptionsMonitor<PaymentSessionSweeperOptions> options, ILogger<PaymentSessionSweeperService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // A sweep isolates each session's failure; a store outage fails the whole sweep, and the next one tries again.
            try
            {
                await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sweeper must outlive a failed sweep.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.SweepRunFailed(_logger, exception);
            }

            try
            {
                await Task.Delay(options.CurrentValue.Interval.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
