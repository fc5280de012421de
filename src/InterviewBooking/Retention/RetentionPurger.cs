using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// One retention pass: removes what <see cref="RetentionRules"/> lets go through the adapter's <see cref="IRetentionStore"/>, kind by kind, in
/// batches of <see cref="RetentionOptions.BatchSize"/>, until a batch comes back short or <see cref="RetentionOptions.MaxBatchesPerPass"/> ran.
/// </summary>
/// <remarks>
/// Idempotent, and safe with a pass in every instance: the store decides and removes each row atomically, so a row goes once. The cutoffs are
/// taken from the clock once per pass, so every batch of a pass judges alike.
/// </remarks>
public sealed class RetentionPurger
{
    private readonly IRetentionStore _store;
    private readonly IOptionsMonitor<RetentionOptions> _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the purger.</summary>
    /// <param name="store">The adapter's retention side.</param>
    /// <param name="options">The ages and batch sizes.</param>
    /// <param name="clock">When the pass runs.</param>
    /// <param name="logger">Logs what each pass removed (counts only).</param>
    public RetentionPurger(IRetentionStore store, IOptionsMonitor<RetentionOptions> options, IClock clock, ILogger<RetentionPurger>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs one pass over every kind.</summary>
    /// <param name="cancellationToken">Stops the pass between batches.</param>
    /// <returns>What the pass removed.</returns>
    public async Task<RetentionPassResult> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var cutoffs = RetentionCutoffs.At(_clock.GetCurrentInstant(), options);

        // Sessions first: a session is decided while its rows in the other kinds are still there to read.
        var (sessions, sessionsDone) = await DrainAsync(RetentionKind.PaymentSessions, _store.PurgePaymentSessionsAsync, cutoffs, options, cancellationToken).ConfigureAwait(false);
        var (reservations, reservationsDone) = await DrainAsync(RetentionKind.Reservations, _store.PurgeReservationsAsync, cutoffs, options, cancellationToken).ConfigureAwait(false);
        var (outbox, outboxDone) = await DrainAsync(RetentionKind.OutboxItems, _store.PurgeOutboxItemsAsync, cutoffs, options, cancellationToken).ConfigureAwait(false);
        var (events, eventsDone) = await DrainAsync(RetentionKind.PaymentEvents, _store.PurgePaymentEventsAsync, cutoffs, options, cancellationToken).ConfigureAwait(false);

        var result = new RetentionPassResult(reservations, sessions, outbox, events, sessionsDone && reservationsDone && outboxDone && eventsDone);
        Log.RetentionPass(_logger, result.Reservations, result.PaymentSessions, result.OutboxItems, result.PaymentEvents, result.Complete);
        return result;
    }

    private static async Task<(int Removed, bool Done)> DrainAsync(
        RetentionKind kind,
        Func<RetentionCutoffs, int, CancellationToken, Task<RetentionBatch>> purge,
        RetentionCutoffs cutoffs,
        RetentionOptions options,
        CancellationToken cancellationToken)
    {
        var removed = 0;
        for (var batch = 0; batch < options.MaxBatchesPerPass; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await purge(cutoffs, options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (result.Count > 0)
            {
                removed += result.Count;
                InterviewBookingTelemetry.RetentionRemovedCounter.Add(result.Count, new KeyValuePair<string, object?>("kind", KindTag(kind)));
            }

            if (result.Count < options.BatchSize)
            {
                return (removed, true);
            }
        }

        return (removed, false);
    }

    private static string KindTag(RetentionKind kind) => kind switch
    {
        RetentionKind.Reservations => "reservation",
        RetentionKind.PaymentSessions => "payment_session",
        RetentionKind.OutboxItems => "outbox_item",
        _ => "payment_event",
    };
}
