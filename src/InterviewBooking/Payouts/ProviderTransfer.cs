namespace InterviewBooking;

/// <summary>A transfer to an interviewer's account as the payout provider made it.</summary>
/// <param name="Id">The provider's id (a Stripe <c>tr_...</c> id).</param>
/// <param name="Amount">What was transferred.</param>
/// <param name="CreatedAt">When the provider made it.</param>
public sealed record ProviderTransfer(string Id, Money Amount, Instant CreatedAt);

/// <summary>A reversal of a transfer as the payout provider made it.</summary>
/// <param name="Id">The provider's id (a Stripe <c>trr_...</c> id).</param>
/// <param name="TransferId">The transfer reversed.</param>
/// <param name="Amount">What was taken back.</param>
/// <param name="CreatedAt">When the provider made it.</param>
public sealed record ProviderTransferReversal(string Id, string TransferId, Money Amount, Instant CreatedAt);
