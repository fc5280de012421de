using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Calendar;

/// <summary>Checks <see cref="CalendarInviteOptions"/> when the host starts, naming each bad setting and its value.</summary>
internal sealed class CalendarInviteOptionsValidator : IValidateOptions<CalendarInviteOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CalendarInviteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.OrganizerEmail))
        {
            failures.Add("CalendarInviteOptions.OrganizerEmail is required (the address invites come from); set it in AddCalendarInvites(o => o.OrganizerEmail = ...).");
        }
        else if (!MailAddress.TryCreate(options.OrganizerEmail, out var address) || address.Address != options.OrganizerEmail.Trim() || HasControlCharacters(options.OrganizerEmail))
        {
            failures.Add($"CalendarInviteOptions.OrganizerEmail must be a plain email address like interviews@example.com; got \"{options.OrganizerEmail}\".");
        }

        if (HasControlCharacters(options.OrganizerName))
        {
            failures.Add("CalendarInviteOptions.OrganizerName must not contain line breaks or other control characters.");
        }

        if (string.IsNullOrWhiteSpace(options.ProductId) || HasControlCharacters(options.ProductId))
        {
            failures.Add($"CalendarInviteOptions.ProductId must be non-empty text without line breaks; got \"{options.ProductId}\".");
        }

        var domain = options.EffectiveUidDomain;
        if (!string.IsNullOrEmpty(options.OrganizerEmail) && !IsHostName(domain))
        {
            failures.Add($"CalendarInviteOptions.UidDomain must be a host name (letters, digits, '-' and '.'), or empty to use the organizer's domain; got \"{domain}\".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool HasControlCharacters(string? text) => text is not null && text.Any(char.IsControl);

    private static bool IsHostName(string domain) =>
        domain.Length is > 0 and <= 253
        && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
        && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
}
