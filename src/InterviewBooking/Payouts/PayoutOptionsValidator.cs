using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>Checks <see cref="PayoutOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class PayoutOptionsValidator : IValidateOptions<PayoutOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PayoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.HoldBack < Duration.Zero || options.HoldBack > Duration.FromDays(180))
        {
            failures.Add($"HoldBack must be between zero and 180 days; got {options.HoldBack}.");
        }

        if (options.Currency is not { Length: 3 } || !options.Currency.All(char.IsAsciiLetter))
        {
            failures.Add($"Currency must be a three-letter ISO 4217 code; got \"{options.Currency}\".");
        }

        if (options.Plans.Count == 0)
        {
            failures.Add("Plans must give a payout rate for at least one plan.");
        }

        Rates(nameof(options.Plans), options.Plans, failures);
        Rates(nameof(options.AddOns), options.AddOns, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Rates(string list, IList<PayoutRate> rates, List<string> failures)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rate in rates)
        {
            if (string.IsNullOrWhiteSpace(rate.Id))
            {
                failures.Add($"Every rate in {list} needs an Id.");
                continue;
            }

            if (!ids.Add(rate.Id))
            {
                failures.Add($"{list}: id \"{rate.Id}\" is used twice.");
            }

            if (rate.AmountMinorUnits < 0)
            {
                failures.Add($"{list} \"{rate.Id}\": AmountMinorUnits must not be negative; got {rate.AmountMinorUnits}.");
            }
        }
    }
}
