using InterviewBooking.Stripe.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stripe;

namespace InterviewBooking.Stripe;

/// <summary>
/// Pays interviewers with Stripe Connect: a transfer (<c>POST /v1/transfers</c>) of the payout's amount to the interviewer's connected account
/// (<see cref="IStripeConnectedAccountResolver"/>), with <c>source_transaction</c> the charge of the session's PaymentIntent, so it is funded by
/// that payment and never waits on the platform's available balance, and the payout's idempotency key; reverses it in full
/// (<c>POST /v1/transfers/{id}/reversals</c>) when a dispute is lost after it was paid.
/// </summary>
/// <remarks>
/// A repeat within the 24 hours Stripe remembers idempotency keys returns the same transfer; the outbox worker's retries of one payout fall
/// well within that (its back-off is capped at an hour). Transfers carry ids only in their metadata.
/// </remarks>
public sealed class StripePayoutGateway : IPayoutGateway
{
    private readonly TransferService _transfers;
    private readonly TransferReversalService _reversals;
    private readonly PaymentIntentService _intents;
    private readonly IStripeConnectedAccountResolver _accounts;
    private readonly ILogger _logger;

    /// <summary>Creates the gateway.</summary>
    /// <param name="stripe">The Stripe client (the platform's secret key).</param>
    /// <param name="accounts">Names each interviewer's connected account.</param>
    /// <param name="logger">Logs transfers and reversals (ids and amounts only).</param>
    public StripePayoutGateway(IStripeClient stripe, IStripeConnectedAccountResolver accounts, ILogger<StripePayoutGateway>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        _transfers = new TransferService(stripe);
        _reversals = new TransferReversalService(stripe);
        _intents = new PaymentIntentService(stripe);
        _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <exception cref="OutboxDeliveryException">
    /// Permanent: the interviewer has no connected account, or the session no Stripe payment to fund the transfer (an operator must step in).
    /// </exception>
    /// <exception cref="StripePaymentException">Stripe refused the transfer or could not be reached.</exception>
    public async Task<ProviderTransfer> TransferAsync(Payout payout, PaymentSession session, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var account = await _accounts.GetAccountIdAsync(payout.InterviewerId, cancellationToken).ConfigureAwait(false)
            ?? throw new OutboxDeliveryException($"Interviewer '{payout.InterviewerId}' has no Stripe connected account; the payout of interview '{payout.InterviewId}' waits for an operator.", isPermanent: true);
        var paymentIntentId = session.ProviderPaymentReference
            ?? throw new OutboxDeliveryException($"Payment session '{session.Id}' has no Stripe PaymentIntent to fund the payout of interview '{payout.InterviewId}'.", isPermanent: true);
        var intent = await StripeCalls.RunAsync("retrieve payment intent", () => _intents.GetAsync(paymentIntentId, null, null, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        var chargeId = intent.LatestChargeId
            ?? throw new OutboxDeliveryException($"PaymentIntent '{paymentIntentId}' of session '{session.Id}' has no charge to fund the payout.", isPermanent: true);

        var options = new TransferCreateOptions
        {
            Amount = payout.Amount.MinorUnits,
            Currency = payout.Amount.Currency.ToLowerInvariant(),
            Destination = account,
            SourceTransaction = chargeId,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [StripeMetadataKeys.PaymentSessionId] = session.Id.Value,
                [StripeMetadataKeys.InterviewId] = payout.InterviewId.Value,
                [StripeMetadataKeys.InterviewerId] = payout.InterviewerId.Value,
                [StripeMetadataKeys.PayoutKey] = idempotencyKey,
            },
        };
        var transfer = await StripeCalls.RunAsync(
            "transfer", () => _transfers.CreateAsync(options, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        Log.Transferred(_logger, payout.InterviewId, transfer.Id, payout.Amount, account, chargeId);
        return new ProviderTransfer(transfer.Id, new Money(transfer.Amount, transfer.Currency), Instant.FromDateTimeUtc(DateTime.SpecifyKind(transfer.Created, DateTimeKind.Utc)));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The payout has no transfer.</exception>
    /// <exception cref="StripePaymentException">Stripe refused the reversal or could not be reached.</exception>
    public async Task<ProviderTransferReversal> ReverseAsync(Payout payout, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var transferId = payout.ProviderTransferId
            ?? throw new ArgumentException($"The payout of interview '{payout.InterviewId}' has no transfer to reverse.", nameof(payout));
        var options = new TransferReversalCreateOptions
        {
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [StripeMetadataKeys.InterviewId] = payout.InterviewId.Value,
                [StripeMetadataKeys.PayoutKey] = idempotencyKey,
            },
        };
        var reversal = await StripeCalls.RunAsync(
            "reverse transfer", () => _reversals.CreateAsync(transferId, options, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        Log.TransferReversed(_logger, payout.InterviewId, transferId, reversal.Id);
        return new ProviderTransferReversal(
            reversal.Id, transferId, new Money(reversal.Amount, reversal.Currency), Instant.FromDateTimeUtc(DateTime.SpecifyKind(reversal.Created, DateTimeKind.Utc)));
    }
}
