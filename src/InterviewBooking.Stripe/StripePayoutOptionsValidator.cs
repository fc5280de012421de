using Microsoft.Extensions.Options;

namespace InterviewBooking.Stripe;

/// <summary>Checks <see cref="StripePayoutOptions"/> when the host starts: every listed account looks like a Stripe account id.</summary>
internal sealed class StripePayoutOptionsValidator : IValidateOptions<StripePayoutOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StripePayoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.ConnectedAccounts
            .Where(static pair => string.IsNullOrWhiteSpace(pair.Key) || !pair.Value.StartsWith("acct_", StringComparison.Ordinal) || pair.Value.Length <= "acct_".Length)
            .Select(static pair => $"ConnectedAccounts[\"{pair.Key}\"] must be a Stripe account id (acct_...); got \"{pair.Value}\".")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
