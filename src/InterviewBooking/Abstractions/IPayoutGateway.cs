namespace InterviewBooking;

/// <summary>Pays interviewers: a transfer per payout, and its reversal when a dispute is lost after it was paid.</summary>
public interface IPayoutGateway
{
    /// <summary>
    /// Transfers <see cref="Payout.Amount"/> to the interviewer, funded by <paramref name="session"/>'s payment. Repeating a call with the same
    /// <paramref name="idempotencyKey"/> returns the same transfer: a payout is paid at most once however often it is delivered.
    /// </summary>
    /// <param name="payout">The payout, <see cref="PayoutStatus.Pending"/>.</param>
    /// <param name="session">The payment session whose charge funds it.</param>
    /// <param name="idempotencyKey">A key fixed per payout.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transfer as the provider made it.</returns>
    Task<ProviderTransfer> TransferAsync(Payout payout, PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Takes a paid payout's transfer back in full; the same <paramref name="idempotencyKey"/> returns the same reversal.</summary>
    /// <param name="payout">The payout, <see cref="PayoutStatus.Paid"/> with its <see cref="Payout.ProviderTransferId"/>.</param>
    /// <param name="idempotencyKey">A key fixed per reversal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reversal as the provider made it.</returns>
    Task<ProviderTransferReversal> ReverseAsync(Payout payout, string idempotencyKey, CancellationToken cancellationToken = default);
}
