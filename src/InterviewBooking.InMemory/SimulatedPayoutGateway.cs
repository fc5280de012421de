using System.Globalization;

namespace InterviewBooking.InMemory;

/// <summary>
/// An <see cref="IPayoutGateway"/> that moves no money: it records each transfer and reversal, answering a repeated idempotency key with the
/// same one as a provider does, so tests and samples see exactly what would have been paid.
/// </summary>
public sealed class SimulatedPayoutGateway : IPayoutGateway
{
    private readonly IClock _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedTransfer> _byKey = new(StringComparer.Ordinal);
    private readonly List<SimulatedTransfer> _transfers = [];
    private readonly Dictionary<string, ProviderTransferReversal> _reversalsByKey = new(StringComparer.Ordinal);
    private readonly FailureCountdown _failures = new();
    private int _transferCalls;

    /// <summary>Creates the gateway.</summary>
    /// <param name="clock">Stamps transfers and reversals.</param>
    public SimulatedPayoutGateway(IClock clock) => _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>Every transfer made, in the order made (a repeated idempotency key made none).</summary>
    public IReadOnlyList<SimulatedTransfer> Transfers
    {
        get
        {
            lock (_gate)
            {
                return [.. _transfers];
            }
        }
    }

    /// <summary>Every reversal made, in the order made.</summary>
    public IReadOnlyList<ProviderTransferReversal> Reversals
    {
        get
        {
            lock (_gate)
            {
                return [.. _reversalsByKey.Values.OrderBy(static r => r.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>How many times <see cref="TransferAsync"/> was called, failed and repeated calls included.</summary>
    public int TransferCalls => Volatile.Read(ref _transferCalls);

    /// <summary>The next <paramref name="count"/> transfers fail with <see cref="SimulatedFailureException"/> before anything is made.</summary>
    /// <param name="count">How many.</param>
    public void FailNextTransfers(int count) => _failures.Set(count);

    /// <inheritdoc />
    /// <exception cref="SimulatedFailureException">The gateway was told to fail this call (<see cref="FailNextTransfers"/>); nothing was made.</exception>
    public Task<ProviderTransfer> TransferAsync(Payout payout, PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _transferCalls);
        if (_failures.TryTake())
        {
            throw new SimulatedFailureException($"Simulated failure paying out interview '{payout.InterviewId}'.");
        }

        lock (_gate)
        {
            if (!_byKey.TryGetValue(idempotencyKey, out var transfer))
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"tr_sim_{_transfers.Count + 1:D6}");
                transfer = new SimulatedTransfer(new ProviderTransfer(id, payout.Amount, _clock.GetCurrentInstant()), payout.InterviewId, payout.InterviewerId, session.Id, idempotencyKey);
                _byKey[idempotencyKey] = transfer;
                _transfers.Add(transfer);
            }

            return Task.FromResult(transfer.Transfer);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The payout's transfer was not made here.</exception>
    public Task<ProviderTransferReversal> ReverseAsync(Payout payout, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_reversalsByKey.TryGetValue(idempotencyKey, out var earlier))
            {
                return Task.FromResult(earlier);
            }

            var transfer = _transfers.FirstOrDefault(t => t.Transfer.Id == payout.ProviderTransferId)
                ?? throw new InvalidOperationException($"No transfer '{payout.ProviderTransferId}' was made for interview '{payout.InterviewId}'.");
            var reversal = new ProviderTransferReversal(
                string.Create(CultureInfo.InvariantCulture, $"trr_sim_{_reversalsByKey.Count + 1:D6}"), transfer.Transfer.Id, transfer.Transfer.Amount, _clock.GetCurrentInstant());
            _reversalsByKey[idempotencyKey] = reversal;
            return Task.FromResult(reversal);
        }
    }
}

/// <summary>A transfer <see cref="SimulatedPayoutGateway"/> recorded.</summary>
/// <param name="Transfer">The transfer.</param>
/// <param name="InterviewId">The payout's interview.</param>
/// <param name="InterviewerId">Who was paid.</param>
/// <param name="SessionId">The payment session that funded it.</param>
/// <param name="IdempotencyKey">The key it was made under.</param>
public sealed record SimulatedTransfer(ProviderTransfer Transfer, InterviewId InterviewId, InterviewerId InterviewerId, PaymentSessionId SessionId, string IdempotencyKey);
