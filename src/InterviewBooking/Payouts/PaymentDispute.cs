namespace InterviewBooking;

/// <summary>
/// A dispute (chargeback) of a payment session's charge, as the payment provider reported it. While one is <see cref="DisputeStatus.Open"/>,
/// the session counts as disputed and its payout is held.
/// </summary>
/// <param name="DisputeId">The provider's dispute id (a Stripe <c>dp_...</c> id).</param>
/// <param name="SessionId">The payment session whose charge is disputed.</param>
/// <param name="Status">Open, or how it closed.</param>
/// <param name="At">When the provider reported it (opened, or closed).</param>
public sealed record PaymentDispute(string DisputeId, PaymentSessionId SessionId, DisputeStatus Status, Instant At)
{
    /// <summary>Whether the dispute closed in the platform's favour (<see cref="DisputeStatus.Won"/> or <see cref="DisputeStatus.WarningClosed"/>).</summary>
    public bool IsReleased => Status is DisputeStatus.Won or DisputeStatus.WarningClosed;

    /// <summary>
    /// The dispute a store keeps after <paramref name="reported"/> arrives, given what it had: a new dispute as reported; an open one closed
    /// as reported; a closed one as it closed (a late or repeated report never reopens or changes it).
    /// </summary>
    /// <param name="stored">What the store holds under the id, or <see langword="null"/>.</param>
    /// <param name="reported">The report.</param>
    /// <returns>The dispute to keep, and whether it differs from <paramref name="stored"/>.</returns>
    public static (PaymentDispute Dispute, bool Changed) Merge(PaymentDispute? stored, PaymentDispute reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (stored is null)
        {
            return (reported, true);
        }

        return stored.Status == DisputeStatus.Open && reported.Status != DisputeStatus.Open
            ? (stored with { Status = reported.Status, At = reported.At }, true)
            : (stored, false);
    }
}

/// <summary>Where a <see cref="PaymentDispute"/> stands.</summary>
public enum DisputeStatus
{
    /// <summary>Opened (Stripe <c>charge.dispute.created</c>): the payout is held.</summary>
    Open = 0,

    /// <summary>Closed, won (Stripe <c>won</c>): the payout is released.</summary>
    Won = 1,

    /// <summary>An inquiry closed without a chargeback (Stripe <c>warning_closed</c>): the payout is released.</summary>
    WarningClosed = 2,

    /// <summary>Closed, lost (Stripe <c>lost</c>): the candidate has the money back, so the payout is canceled, or its transfer reversed.</summary>
    Lost = 3,
}

/// <summary>What <see cref="IPayoutStore.ApplyDisputeAsync"/> did.</summary>
/// <param name="Dispute">The dispute as stored now (a closed dispute stays closed, whatever arrives after).</param>
/// <param name="Payout">The session's payout as it is now, or <see langword="null"/> when it has none yet.</param>
/// <param name="Changed">Whether this call changed the dispute (a repeat of the same report changes nothing).</param>
public sealed record DisputeApplication(PaymentDispute Dispute, Payout? Payout, bool Changed);
