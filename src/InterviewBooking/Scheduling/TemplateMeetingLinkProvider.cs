using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// The default <see cref="IMeetingLinkProvider"/>: fills <see cref="InterviewBookingOptions.MeetingLinkTemplate"/> with the interview id
/// (<c>{interviewId}</c>) and the payment session id (<c>{sessionId}</c>). Without a template it makes no link, so interviews say "link pending"
/// rather than carry a URL that does not work.
/// </summary>
public sealed class TemplateMeetingLinkProvider : IMeetingLinkProvider
{
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;

    /// <summary>Creates the provider.</summary>
    public TemplateMeetingLinkProvider(IOptionsMonitor<InterviewBookingOptions> options) =>
        _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public ValueTask<Uri?> CreateLinkAsync(InterviewId interviewId, InterviewScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = _options.CurrentValue.MeetingLinkTemplate;
        if (string.IsNullOrWhiteSpace(template))
        {
            return ValueTask.FromResult<Uri?>(null);
        }

        var text = template
            .Replace("{interviewId}", Uri.EscapeDataString(interviewId.Value), StringComparison.Ordinal)
            .Replace("{sessionId}", Uri.EscapeDataString(request.PaymentSessionId.Value), StringComparison.Ordinal);
        return ValueTask.FromResult(Uri.TryCreate(text, UriKind.Absolute, out var link) ? link : null);
    }

    internal static bool IsValidTemplate(string template)
    {
        var sample = template
            .Replace("{interviewId}", "iv", StringComparison.Ordinal)
            .Replace("{sessionId}", "ps", StringComparison.Ordinal);
        return Uri.TryCreate(sample, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && template.Contains("{interviewId}", StringComparison.Ordinal)
            && !string.IsNullOrEmpty(uri.Host);
    }
}
