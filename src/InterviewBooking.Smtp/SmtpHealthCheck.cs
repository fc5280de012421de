using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Smtp;

/// <summary>
/// The SMTP notifier's health check (<c>interviewbooking-smtp</c>, which <c>AddSmtpNotifications</c> contributes): the server accepts a
/// connection, secured as <see cref="SmtpNotifierOptions.Security"/> says, and answers <c>EHLO</c> and <c>NOOP</c>, within
/// <see cref="MaxDuration"/> or <see cref="SmtpNotifierOptions.Timeout"/>, the shorter. It sends nothing and does not authenticate.
/// It fails as <see cref="HealthStatus.Degraded"/>: bookings stand while the server is down, their notifications wait in the outbox.
/// </summary>
internal sealed class SmtpHealthCheck(IOptions<SmtpNotifierOptions> options) : IHealthCheck
{
    public const string Name = "interviewbooking-smtp";

    public static readonly string[] Tags = [InterviewBookingHealthChecks.ReadyTag, "smtp"];

    /// <summary>The longest one check may take.</summary>
    public static readonly Duration MaxDuration = Duration.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var limit = Duration.Min(settings.Timeout, MaxDuration);
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["host"] = settings.Host, ["port"] = settings.Port };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit.ToTimeSpan());
        using var client = new SmtpClient { Timeout = (int)limit.TotalMilliseconds };
        try
        {
            // Connecting reads the greeting and sends EHLO (and STARTTLS when asked for); NOOP proves the session answers.
            await client.ConnectAsync(settings.Host, settings.Port, SmtpBookingNotifier.SocketOptions(settings.Security), timeout.Token).ConfigureAwait(false);
            await client.NoOpAsync(timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The SMTP server {settings.Host}:{settings.Port} answers.", data);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(context, $"The SMTP server {settings.Host}:{settings.Port} did not answer within {limit}.", exception, data);
        }
        catch (Exception exception) when (exception is SocketException or IOException or TimeoutException or SmtpCommandException or SmtpProtocolException
            or SslHandshakeException or ServiceNotConnectedException or NotSupportedException)
        {
            return Failed(context, $"The SMTP server {settings.Host}:{settings.Port} is unreachable: {exception.Message}", exception, data);
        }
    }

    private static HealthCheckResult Failed(HealthCheckContext context, string description, Exception exception, Dictionary<string, object> data) =>
        new(context.Registration.FailureStatus, description, exception, data);
}
