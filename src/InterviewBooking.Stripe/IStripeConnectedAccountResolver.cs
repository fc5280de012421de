namespace InterviewBooking.Stripe;

/// <summary>
/// Names the Stripe Connect account an interviewer is paid to (<c>acct_...</c>). The host owns the mapping (it onboarded the interviewer to
/// Connect): register its own implementation, or list the accounts in <see cref="StripePayoutOptions.ConnectedAccounts"/> for the default one.
/// </summary>
public interface IStripeConnectedAccountResolver
{
    /// <summary>The interviewer's connected account, or <see langword="null"/> when they have none (their payout is dead-lettered for an operator).</summary>
    /// <param name="interviewerId">The interviewer to pay.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<string?> GetAccountIdAsync(InterviewerId interviewerId, CancellationToken cancellationToken = default);
}
