using Microsoft.Extensions.Options;

namespace InterviewBooking.Stripe;

/// <summary>Checks <see cref="StripePaymentOptions"/> when the host starts, naming each bad setting (never echoing a secret).</summary>
internal sealed class StripePaymentOptionsValidator : IValidateOptions<StripePaymentOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StripePaymentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            failures.Add("Stripe SecretKey is required (sk_... or a restricted rk_... key).");
        }
        else if (!options.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !options.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
        {
            failures.Add("Stripe SecretKey must be a secret key (sk_...) or a restricted key (rk_...); a publishable key (pk_...) cannot create checkouts.");
        }

        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            failures.Add("Stripe WebhookSecret is required (the endpoint's signing secret, whsec_...).");
        }
        else if (!options.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            failures.Add("Stripe WebhookSecret must be the endpoint's signing secret (whsec_...).");
        }

        if (options.WebhookTolerance <= Duration.Zero || options.WebhookTolerance > Duration.FromHours(1))
        {
            failures.Add($"Stripe WebhookTolerance must be more than zero and at most 1 hour; got {options.WebhookTolerance}.");
        }

        ValidateUrl(nameof(options.SuccessUrl), options.SuccessUrl, failures);
        ValidateUrl(nameof(options.CancelUrl), options.CancelUrl, failures);
        if (options.CancelUrl?.Contains(StripePaymentOptions.CheckoutSessionIdPlaceholder, StringComparison.Ordinal) == true)
        {
            failures.Add($"Stripe CancelUrl cannot carry {StripePaymentOptions.CheckoutSessionIdPlaceholder}; Stripe fills it in the SuccessUrl only.");
        }

        if (options.PaymentMethodTypes.Count == 0)
        {
            failures.Add("Stripe PaymentMethodTypes must name at least one payment method type (e.g. \"card\").");
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in options.PaymentMethodTypes)
        {
            if (string.IsNullOrWhiteSpace(type) || !type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                failures.Add($"Stripe PaymentMethodTypes: \"{type}\" is not a Stripe payment method type (lower-case, e.g. \"card\", \"sepa_debit\").");
            }
            else if (!types.Add(type))
            {
                failures.Add($"Stripe PaymentMethodTypes names \"{type}\" twice.");
            }
        }

        if (options.ApiBase is { } apiBase && (!apiBase.IsAbsoluteUri || (apiBase.Scheme != Uri.UriSchemeHttps && apiBase.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Stripe ApiBase must be an absolute http(s) URL; got \"{apiBase}\".");
        }

        if (options.MaxNetworkRetries is < 0 or > 10)
        {
            failures.Add($"Stripe MaxNetworkRetries must be between 0 and 10; got {options.MaxNetworkRetries}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUrl(string setting, string? value, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Stripe {setting} is required (an absolute http(s) URL).");
            return;
        }

        var probe = value
            .Replace(StripePaymentOptions.CheckoutSessionIdPlaceholder, "cs_placeholder", StringComparison.Ordinal)
            .Replace(StripePaymentOptions.PaymentSessionIdPlaceholder, "ps_placeholder", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"Stripe {setting} must be an absolute http(s) URL; got \"{value}\".");
        }
    }
}
