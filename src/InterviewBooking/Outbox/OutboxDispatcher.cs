using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Delivers due outbox items: leases a batch, hands each item to the <see cref="IOutboxHandler"/> of its kind, and ends each lease:
/// completed; retried later with exponential back-off and jitter, the next attempt time stored in the outbox so it survives a restart;
/// or dead-lettered after <see cref="OutboxWorkerOptions.MaxAttempts"/> or at once on a permanent <see cref="OutboxDeliveryException"/>.
/// The outbox worker (<c>AddOutboxWorker</c>) calls <see cref="RunOnceAsync"/> in a loop; a test or a tool can call it to drain on its own terms.
/// </summary>
/// <remarks>
/// An item whose kind has no registered handler is treated as a failed attempt with that error, not dropped: an instance of an older version
/// leaves a newer kind to the instances that know it, and an item nobody knows ends dead-lettered, saying so, for an operator to see.
/// </remarks>
public sealed class OutboxDispatcher
{
    private const int MaxErrorLength = 2000;

    private readonly IOutboxStore _outbox;
    private readonly Dictionary<string, IOutboxHandler> _handlers;
    private readonly IOptionsMonitor<OutboxWorkerOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="outbox">The outbox to drain.</param>
    /// <param name="handlers">One handler per kind.</param>
    /// <param name="options">Batch size, lease duration, attempts and back-off.</param>
    /// <param name="clock">Dates the next attempts.</param>
    /// <param name="logger">Logs failures, dead letters and lost leases (keys and kinds only).</param>
    /// <exception cref="ArgumentException">Two handlers are registered for one kind.</exception>
    public OutboxDispatcher(
        IOutboxStore outbox,
        IEnumerable<IOutboxHandler> handlers,
        IOptionsMonitor<OutboxWorkerOptions> options,
        IClock clock,
        ILogger<OutboxDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _handlers = new Dictionary<string, IOutboxHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Kind, handler))
            {
                throw new ArgumentException(
                    $"Two outbox handlers are registered for kind '{handler.Kind}': {_handlers[handler.Kind].GetType().Name} and {handler.GetType().Name}.", nameof(handlers));
            }
        }
    }

    /// <summary>
    /// Leases one batch of due items and delivers them one after the other. When <paramref name="cancellationToken"/> fires, the item being
    /// delivered and the rest of the batch are given back (<see cref="IOutboxStore.ReturnLeaseAsync"/>) before the cancellation surfaces.
    /// </summary>
    /// <param name="cancellationToken">Stops the batch; its leases are returned.</param>
    /// <returns>How many items were leased (0 when nothing was due).</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var batch = await _outbox.LeaseAsync(options.BatchSize, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        for (var index = 0; index < batch.Count; index++)
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                await DeliverAsync(batch[index], options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await ReturnLeasesAsync(batch.Skip(index)).ConfigureAwait(false);
                throw;
            }
#pragma warning disable CA1031 // The store failed to end this lease (it runs out and the item is delivered again); go on with the batch.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.OutboxLeaseNotEnded(_logger, exception, batch[index].Message.Key, batch[index].Message.Kind);
            }
        }

        return batch.Count;
    }

    /// <summary>
    /// The wait before the next attempt after failed attempt number <paramref name="failedAttempt"/> (1 for the first):
    /// <see cref="OutboxWorkerOptions.BackoffBase"/> doubled per further attempt, capped at <see cref="OutboxWorkerOptions.BackoffCap"/>,
    /// then jittered between half and all of it (<paramref name="jitter"/> in [0, 1)) so items that failed together spread out.
    /// </summary>
    internal static Duration Backoff(int failedAttempt, OutboxWorkerOptions options, double jitter)
    {
        var exponent = Math.Clamp(failedAttempt - 1, 0, 40);
        var ticks = Math.Min(options.BackoffBase.TotalTicks * Math.Pow(2, exponent), options.BackoffCap.TotalTicks);
        return Duration.FromTicks((long)(ticks * (0.5 + (jitter / 2))));
    }

    private async Task DeliverAsync(OutboxItem item, OutboxWorkerOptions options, CancellationToken cancellationToken)
    {
        var key = item.Message.Key;
        var kind = item.Message.Kind;
        var token = item.LeaseToken ?? throw new InvalidOperationException($"The outbox leased item '{key}' without a lease token.");
        if (!_handlers.TryGetValue(kind, out var handler))
        {
            Log.OutboxNoHandler(_logger, key, kind);
            await FailAsync(item, token, $"No IOutboxHandler is registered for kind '{kind}'.", null, permanent: false, options).ConfigureAwait(false);
            return;
        }

        try
        {
            await handler.HandleAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OutboxDeliveryException exception) when (exception.IsPermanent)
        {
            await FailAsync(item, token, Describe(exception), exception, permanent: true, options).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // Any failure of a handler is a failed attempt, stored with the item; the worker goes on with the next.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await FailAsync(item, token, Describe(exception), exception, permanent: false, options).ConfigureAwait(false);
            return;
        }

        if (await _outbox.CompleteAsync(key, token, CancellationToken.None).ConfigureAwait(false))
        {
            InterviewBookingTelemetry.OutboxDeliveredCounter.Add(1, Tag(kind));
            Log.OutboxDelivered(_logger, key, kind, item.Attempts + 1);
        }
        else
        {
            Log.OutboxLeaseLost(_logger, key, kind);
        }
    }

    private async Task FailAsync(OutboxItem item, Guid token, string error, Exception? exception, bool permanent, OutboxWorkerOptions options)
    {
        var key = item.Message.Key;
        var kind = item.Message.Kind;
        var attempt = item.Attempts + 1;
        bool ended;
        if (permanent || attempt >= options.MaxAttempts)
        {
            ended = await _outbox.DeadLetterAsync(key, token, error, CancellationToken.None).ConfigureAwait(false);
            if (ended)
            {
                InterviewBookingTelemetry.OutboxDeadLetteredCounter.Add(1, Tag(kind));
                Log.OutboxDeadLettered(_logger, exception, key, kind, attempt, error);
            }
        }
        else
        {
            var next = _clock.GetCurrentInstant() + Backoff(attempt, options, Random.Shared.NextDouble());
            ended = await _outbox.RetryLaterAsync(key, token, error, next, CancellationToken.None).ConfigureAwait(false);
            if (ended)
            {
                InterviewBookingTelemetry.OutboxRetriedCounter.Add(1, Tag(kind));
                Log.OutboxRetryLater(_logger, exception, key, kind, attempt, options.MaxAttempts, next, error);
            }
        }

        if (!ended)
        {
            Log.OutboxLeaseLost(_logger, key, kind);
        }
    }

    private async Task ReturnLeasesAsync(IEnumerable<OutboxItem> items)
    {
        var returned = 0;
        foreach (var item in items)
        {
            try
            {
                if (item.LeaseToken is { } token && await _outbox.ReturnLeaseAsync(item.Message.Key, token, CancellationToken.None).ConfigureAwait(false))
                {
                    returned++;
                }
            }
#pragma warning disable CA1031 // Shutting down: a lease not returned runs out and is taken again; return the others.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.OutboxLeaseNotEnded(_logger, exception, item.Message.Key, item.Message.Kind);
            }
        }

        Log.OutboxLeasesReturned(_logger, returned);
    }

    // What a failure was, for the item's last error: its type and message (handlers keep secrets and personal data out of their messages).
    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    private static KeyValuePair<string, object?> Tag(string kind) => new("kind", kind);
}
