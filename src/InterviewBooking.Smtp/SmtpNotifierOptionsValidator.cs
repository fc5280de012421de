using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Smtp;

/// <summary>Checks <see cref="SmtpNotifierOptions"/> when the host starts, naming each bad setting (never a password).</summary>
internal sealed class SmtpNotifierOptionsValidator : IValidateOptions<SmtpNotifierOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SmtpNotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Host) || options.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"SmtpNotifierOptions.Host must be a host name or address without spaces; got \"{options.Host}\".");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"SmtpNotifierOptions.Port must be between 1 and 65535; got {options.Port}.");
        }

        if (!Enum.IsDefined(options.Security))
        {
            failures.Add($"SmtpNotifierOptions.Security must be one of {string.Join(", ", Enum.GetNames<SmtpSecurity>())}; got {options.Security}.");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress))
        {
            failures.Add("SmtpNotifierOptions.FromAddress is required (the address notifications come from).");
        }
        else if (!MailAddress.TryCreate(options.FromAddress, out var from) || from.Address != options.FromAddress.Trim() || options.FromAddress.Any(char.IsControl))
        {
            failures.Add($"SmtpNotifierOptions.FromAddress must be a plain email address like bookings@example.com; got \"{options.FromAddress}\".");
        }

        if (options.FromName is not null && options.FromName.Any(char.IsControl))
        {
            failures.Add("SmtpNotifierOptions.FromName must not contain line breaks or other control characters.");
        }

        ValidateCredentials(options, failures);

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"SmtpNotifierOptions.MaxAttempts must be between 1 and 10; got {options.MaxAttempts}.");
        }

        if (options.RetryDelay < Duration.Zero || options.RetryDelay > Duration.FromMinutes(5))
        {
            failures.Add($"SmtpNotifierOptions.RetryDelay must be between 0 and 5 minutes; got {options.RetryDelay}.");
        }

        if (options.Timeout < Duration.FromSeconds(1) || options.Timeout > Duration.FromMinutes(10))
        {
            failures.Add($"SmtpNotifierOptions.Timeout must be between 1 second and 10 minutes; got {options.Timeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCredentials(SmtpNotifierOptions options, List<string> failures)
    {
        var hasUser = !string.IsNullOrEmpty(options.UserName);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser != hasPassword)
        {
            failures.Add("SmtpNotifierOptions.UserName and Password go together: set both to authenticate, or neither.");
        }
        else if (hasUser && options.Security == SmtpSecurity.None && !IsLoopback(options.Host))
        {
            failures.Add($"SmtpNotifierOptions: credentials would cross the network unencrypted to \"{options.Host}\"; use Security StartTls, SslOnConnect or Auto (None is for a loopback host only).");
        }
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
