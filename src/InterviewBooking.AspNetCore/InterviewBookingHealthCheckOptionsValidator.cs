using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore;

/// <summary>Checks <see cref="InterviewBookingHealthCheckOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class InterviewBookingHealthCheckOptionsValidator : IValidateOptions<InterviewBookingHealthCheckOptions>
{
    private const int MaxCount = 1_000_000;
    private static readonly Duration MinAge = Duration.FromSeconds(1);
    private static readonly Duration MaxAge = Duration.FromDays(7);

    public ValidateOptionsResult Validate(string? name, InterviewBookingHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.MaxDeadLetters is < 0 or > MaxCount)
        {
            failures.Add($"MaxDeadLetters must be between 0 and {MaxCount}; got {options.MaxDeadLetters}.");
        }

        if (options.MaxDueItems is < 0 or > MaxCount)
        {
            failures.Add($"MaxDueItems must be between 0 and {MaxCount}; got {options.MaxDueItems}.");
        }

        if (options.MaxDueAge < MinAge || options.MaxDueAge > MaxAge)
        {
            failures.Add($"MaxDueAge must be between {MinAge} and {MaxAge}; got {options.MaxDueAge}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
