using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>Checks <see cref="PaymentSessionSweeperOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class PaymentSessionSweeperOptionsValidator : IValidateOptions<PaymentSessionSweeperOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PaymentSessionSweeperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < Duration.FromSeconds(1) || options.Interval > Duration.FromHours(1))
        {
            failures.Add($"Interval must be between 1 second and 1 hour; got {options.Interval}.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"BatchSize must be between 1 and 10000; got {options.BatchSize}.");
        }

        if (options.PendingCheckAfter <= Duration.Zero)
        {
            failures.Add($"PendingCheckAfter must be positive; got {options.PendingCheckAfter}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
