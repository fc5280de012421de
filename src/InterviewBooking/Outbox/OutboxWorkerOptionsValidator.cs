using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>Checks <see cref="OutboxWorkerOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class OutboxWorkerOptionsValidator : IValidateOptions<OutboxWorkerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OutboxWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"BatchSize must be between 1 and 1000; got {options.BatchSize}.");
        }

        if (options.PollInterval <= Duration.Zero)
        {
            failures.Add($"PollInterval must be positive; got {options.PollInterval}.");
        }

        if (options.LeaseDuration <= Duration.Zero)
        {
            failures.Add($"LeaseDuration must be positive; got {options.LeaseDuration}.");
        }

        if (options.MaxAttempts is < 1 or > 1000)
        {
            failures.Add($"MaxAttempts must be between 1 and 1000; got {options.MaxAttempts}.");
        }

        if (options.BackoffBase <= Duration.Zero)
        {
            failures.Add($"BackoffBase must be positive; got {options.BackoffBase}.");
        }

        if (options.BackoffCap < options.BackoffBase)
        {
            failures.Add($"BackoffCap must be at least BackoffBase ({options.BackoffBase}); got {options.BackoffCap}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
