namespace InterviewBooking;

/// <summary>What one <see cref="PaymentSessionSweeper.SweepAsync"/> changed; sessions another instance changed first are not counted.</summary>
/// <param name="Expired">Pending sessions past their hold, now <see cref="PaymentSessionStatus.Expired"/> with the hold released and the provider checkout's expiry enqueued.</param>
/// <param name="Fulfilled">Pending sessions the provider said were paid (their webhook was lost), applied as the webhook would have been.</param>
/// <param name="Rebooked">Paid sessions left unbooked and stale booking claims, booked (or flagged for refund) by taking the claim over.</param>
/// <param name="Failed">Sessions whose sweep failed; the next sweep tries them again.</param>
public sealed record SweepResult(int Expired, int Fulfilled, int Rebooked, int Failed);
