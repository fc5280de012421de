using Microsoft.Extensions.Options;

namespace InterviewBooking.CalDav;

/// <summary>Checks <see cref="CalDavOptions"/> when the host starts, naming each bad setting.</summary>
internal sealed class CalDavOptionsValidator : IValidateOptions<CalDavOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CalDavOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(failures, nameof(CalDavOptions.CacheTimeToLive), options.CacheTimeToLive, Duration.FromSeconds(10), Duration.FromDays(1));
        Range(failures, nameof(CalDavOptions.MaxAgeAtHold), options.MaxAgeAtHold, Duration.Zero, options.CacheTimeToLive);
        Range(failures, nameof(CalDavOptions.ReadBehind), options.ReadBehind, Duration.Zero, Duration.FromDays(7));
        Range(failures, nameof(CalDavOptions.ReadAhead), options.ReadAhead, Duration.FromDays(1), Duration.FromDays(400));
        Range(failures, nameof(CalDavOptions.RequestTimeout), options.RequestTimeout, Duration.FromSeconds(1), Duration.FromMinutes(2));
        if (options.MaxCachedCalendars is < 1 or > 1_000_000)
        {
            failures.Add($"CalDavOptions.MaxCachedCalendars must be between 1 and 1000000; got {options.MaxCachedCalendars}.");
        }

        if (!Enum.IsDefined(options.OnFailure))
        {
            failures.Add($"CalDavOptions.OnFailure must be one of {string.Join(", ", Enum.GetNames<CalDavFailureMode>())}; got {options.OnFailure}.");
        }

        if (string.IsNullOrEmpty(options.OwnUidSuffix) || options.OwnUidSuffix[0] != '@' || options.OwnUidSuffix.Length < 2
            || options.OwnUidSuffix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"CalDavOptions.OwnUidSuffix must be '@' and a domain without spaces, like @bookings.example.com; got \"{options.OwnUidSuffix}\".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string name, Duration value, Duration min, Duration max)
    {
        if (value < min || value > max)
        {
            failures.Add($"CalDavOptions.{name} must be between {min} and {max}; got {value}.");
        }
    }
}
