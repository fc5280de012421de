using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>Checks <see cref="RetentionOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var floor = RetentionOptions.ProviderRetryWindow;
        if (options.FinishedRowAge < floor)
        {
            failures.Add($"FinishedRowAge must be at least {floor} (the payment provider's retry window); got {options.FinishedRowAge}.");
        }

        if (options.PaymentEventInboxAge < floor)
        {
            failures.Add($"PaymentEventInboxAge must be at least {floor} (the payment provider's retry window); got {options.PaymentEventInboxAge}.");
        }

        if (options.DisputeWindow < floor)
        {
            failures.Add($"DisputeWindow must be at least {floor}; got {options.DisputeWindow}.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"BatchSize must be between 1 and 10000; got {options.BatchSize}.");
        }

        if (options.MaxBatchesPerPass is < 1 or > 10_000)
        {
            failures.Add($"MaxBatchesPerPass must be between 1 and 10000; got {options.MaxBatchesPerPass}.");
        }

        if (options.Interval < Duration.FromSeconds(1) || options.Interval > Duration.FromDays(1))
        {
            failures.Add($"Interval must be between 1 second and 1 day; got {options.Interval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
