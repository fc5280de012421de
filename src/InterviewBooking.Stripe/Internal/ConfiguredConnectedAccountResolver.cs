using Microsoft.Extensions.Options;

namespace InterviewBooking.Stripe.Internal;

/// <summary>The default resolver: the accounts listed in <see cref="StripePayoutOptions.ConnectedAccounts"/>.</summary>
internal sealed class ConfiguredConnectedAccountResolver(IOptionsMonitor<StripePayoutOptions> options) : IStripeConnectedAccountResolver
{
    public ValueTask<string?> GetAccountIdAsync(InterviewerId interviewerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(options.CurrentValue.ConnectedAccounts.TryGetValue(interviewerId.Value, out var account) ? account : null);
}
