using System.Collections.Concurrent;
using System.Globalization;

namespace InterviewBooking.Testing;

/// <summary>
/// The payout gateway of the payout contract suite: records transfers and reversals (the same one again for a repeated idempotency key, as a
/// provider answers), counts every call, fails on request, and can run a hook inside a transfer (another worker delivering the same item).
/// </summary>
internal sealed class RecordingPayoutGateway(IClock clock) : IPayoutGateway
{
    private readonly ConcurrentDictionary<string, ProviderTransfer> _transfers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProviderTransferReversal> _reversals = new(StringComparer.Ordinal);
    private int _transferCalls;
    private int _failures;

    public IReadOnlyCollection<ProviderTransfer> Transfers => [.. _transfers.Values];

    public IReadOnlyCollection<ProviderTransferReversal> Reversals => [.. _reversals.Values];

    public int TransferCalls => Volatile.Read(ref _transferCalls);

    /// <summary>Runs inside the first transfer call, before it is made.</summary>
    public Func<Task>? DuringFirstTransfer { get; set; }

    public void FailNextTransfers(int count) => Volatile.Write(ref _failures, count);

    public async Task<ProviderTransfer> TransferAsync(Payout payout, PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _transferCalls) == 1 && DuringFirstTransfer is { } hook)
        {
            await hook();
        }

        var left = Interlocked.Decrement(ref _failures);
        if (left >= 0)
        {
            throw new InvalidOperationException("Simulated payout provider outage.");
        }

        Interlocked.CompareExchange(ref _failures, 0, left); // back to zero, not below
        return _transfers.GetOrAdd(idempotencyKey, key => new ProviderTransfer(
            string.Create(CultureInfo.InvariantCulture, $"tr_{key}"), payout.Amount, clock.GetCurrentInstant()));
    }

    public Task<ProviderTransferReversal> ReverseAsync(Payout payout, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reversals.GetOrAdd(idempotencyKey, key => new ProviderTransferReversal(
            "trr_" + key, payout.ProviderTransferId!, payout.Amount, clock.GetCurrentInstant())));
}
